/**
 * `npm run deploy:nats`: writes deploy/nats/nats-server.conf (and its copy for deploy/k8s), the NATS server configuration that
 * gives each Ficus app a user of its own, allowed exactly the subjects its code serves and calls
 * (its descriptor's calls) and the JetStream streams and event subjects its events use (its descriptor's events). It is derived from the code, never edited by hand; a test fails when the two
 * disagree.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FICUS_APPS } from '../../apps/contexts.js';
import { registerApps } from '../../libs/common/src/contracts/app-registry.js';
import { eventRoutesOf } from '../../libs/common/src/contracts/event-routes.js';
import { appNames, contextNames, contextsCalledBy, serviceCalls, type AppName } from '../../libs/common/src/contracts/service-calls.js';
import { deadLetterStreamName, deadLetterSubject, eventStreamName, eventStreamSubjects } from '../../libs/common/src/events/jetstream-names.js';
import { cancelPattern, pingPattern } from '../../libs/common/src/transport/transport-options.js';

registerApps(FICUS_APPS);

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
  const calls = serviceCalls().get(app) ?? {};
  return contextsCalledBy(app).flatMap((context) => [...Object.values(calls[context] ?? {}), pingPattern(context), cancelPattern(context)]);
}

/** Setting up a stream (JetStream API): create, bring to the current configuration, look up. */
const streamApi = (stream: string): string[] => ['CREATE', 'UPDATE', 'INFO'].map((verb) => `$JS.API.STREAM.${verb}.${stream}`);

/**
 * The JetStream API and event subjects app `app` uses (eventRoutesOf): the streams it sets up,
 * the events it publishes, its durable consumers (pull, ack, dead letters) and its live readers
 * (ordered consumers, one per instance, named by the client: any consumer of that stream).
 */
function eventSubjects(app: AppName): string[] {
  const routes = eventRoutesOf(app);
  if (!routes) return [];
  const streams = new Set<string>();
  const subjects: string[] = [];
  for (const catalog of routes.publishes) {
    streams.add(eventStreamName('', catalog.context)).add(deadLetterStreamName(''));
    subjects.push(eventStreamSubjects('', catalog.context));
  }
  for (const { name, source } of routes.consumes) {
    const stream = eventStreamName('', source.context);
    streams.add(stream).add(deadLetterStreamName(''));
    subjects.push(
      `$JS.API.CONSUMER.CREATE.${stream}.${name}`,
      `$JS.API.CONSUMER.CREATE.${stream}.${name}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${name}`,
      `$JS.API.CONSUMER.INFO.${stream}.${name}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${name}`,
      `$JS.ACK.${stream}.${name}.>`,
      deadLetterSubject('', name),
    );
  }
  for (const catalog of routes.readsLive) {
    const stream = eventStreamName('', catalog.context);
    // Whoever needs an event stream first sets it up, with the dead letters' next to it.
    streams.add(stream).add(deadLetterStreamName(''));
    subjects.push(...['CREATE', 'INFO', 'DELETE', 'MSG.NEXT'].map((verb) => `$JS.API.CONSUMER.${verb}.${stream}.>`));
  }
  return ['$JS.API.INFO', ...[...streams].flatMap(streamApi), ...subjects];
}

const list = (subjects: string[]): string => `[${subjects.map((subject) => JSON.stringify(subject)).join(', ')}]`;

function user(app: AppName): string {
  const serves = contextNames().includes(app);
  const calls = calledSubjects(app);
  const events = eventSubjects(app);
  const publishes = [...calls, ...events];
  const permissions = [
    ...(publishes.length > 0 ? [`publish: ${list(publishes)}`] : []),
    // Its own context's subjects (queue group and cancels alike), and the inboxes of its own
    // replies (JetStream's acknowledgements and pulled events included).
    `subscribe: ${list([...(serves ? [`${app}.>`] : []), ...(publishes.length > 0 ? [`_INBOX.${app}.>`] : [])])}`,
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
# serves and calls, so no other client can answer (or read) a context's messages, and only the
# JetStream streams and event subjects its events use. Generated from the code (the apps'
# descriptors) by \`npm run deploy:nats\`: change the code, then regenerate.
# Events assume the split deployment: each context's events are published by its own app.
#
# nats-server reads the passwords from its environment: ${appNames().map(natsPasswordVariable).join(', ')}.
# Each app connects with NATS_USER=<app> and its NATS_PASSWORD. The subjects assume an empty
# NATS_SUBJECT_PREFIX: give another deployment a server (or account) of its own.

authorization {
  users = [
${appNames().map(user).join('\n')}
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
