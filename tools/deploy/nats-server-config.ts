/**
 * `npm run deploy:nats`: writes deploy/nats/nats-server.conf (and its copy for deploy/k8s), the NATS server configuration that
 * gives each Ficus app a user of its own, allowed exactly the subjects its code serves and calls
 * (SERVICE_CALLS). It is derived from the code, never edited by hand; a test fails when the two
 * disagree.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTEXTS } from '../../libs/common/src/config/contexts.js';
import { APPS, contextsCalledBy, SERVICE_CALLS, type AppName } from '../../libs/common/src/contracts/service-calls.js';
import { cancelPattern, pingPattern } from '../../libs/common/src/transport/transport-options.js';

export const NATS_SERVER_CONFIG = resolve(import.meta.dirname, '../../deploy/nats/nats-server.conf');

/** The same file where kustomize may read it (only below the overlay's directory). */
export const NATS_SERVER_CONFIG_K8S = resolve(import.meta.dirname, '../../deploy/k8s/overlays/split/nats/nats-server.conf');

/** The environment variable nats-server reads an app's password from. */
export const natsPasswordVariable = (app: AppName): string => `NATS_${app.toUpperCase()}_PASSWORD`;

/**
 * How long, and for how many messages, a context app may answer a request: a streamed AI
 * answer is one message per piece of text, within AI_REQUEST_TIMEOUT_MS (30 s by default).
 */
const RESPONSES = '{ max: 100000, expires: "1m" }';

/** The subjects app `app` publishes requests and cancels to: what its code calls, and the pings and cancels of those contexts. */
function calledSubjects(app: AppName): string[] {
  const calls: Partial<Record<string, Readonly<Record<string, string>>>> = SERVICE_CALLS[app as keyof typeof SERVICE_CALLS] ?? {};
  return contextsCalledBy(app).flatMap((context) => [...Object.values(calls[context] ?? {}), pingPattern(context), cancelPattern(context)]);
}

const list = (subjects: string[]): string => `[${subjects.map((subject) => JSON.stringify(subject)).join(', ')}]`;

function user(app: AppName): string {
  const serves = (CONTEXTS as readonly string[]).includes(app);
  const calls = calledSubjects(app);
  const permissions = [
    ...(calls.length > 0 ? [`publish: ${list(calls)}`] : []),
    // Its own context's subjects (queue group and cancels alike), and the inboxes of its own replies.
    `subscribe: ${list([...(serves ? [`${app}.>`] : []), ...(calls.length > 0 ? [`_INBOX.${app}.>`] : [])])}`,
    // Answers go only to the reply subject of a request it received.
    ...(serves ? [`allow_responses: ${RESPONSES}`] : []),
  ];
  return [
    '    {',
    `      user: ${app}`,
    `      password: $${natsPasswordVariable(app)}`,
    '      permissions: {',
    ...permissions.map((line) => `        ${line}`),
    '      }',
    '    }',
  ].join('\n');
}

/** The configuration file's text. */
export function natsServerConfig(): string {
  return `# NATS server configuration for Ficus: one user per app, each allowed only the subjects its code
# serves and calls, so no other client can answer (or read) a context's messages. Generated from
# the code (SERVICE_CALLS) by \`npm run deploy:nats\`: change the code, then regenerate.
#
# nats-server reads the passwords from its environment: ${APPS.map(natsPasswordVariable).join(', ')}.
# Each app connects with NATS_USER=<app> and its NATS_PASSWORD. The subjects assume an empty
# NATS_SUBJECT_PREFIX: give another deployment a server (or account) of its own.

authorization {
  users = [
${APPS.map(user).join('\n')}
  ]
}
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of [NATS_SERVER_CONFIG, NATS_SERVER_CONFIG_K8S]) {
    writeFileSync(file, natsServerConfig());
    console.warn(`Wrote ${file}`);
  }
}
