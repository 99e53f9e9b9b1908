import { registeredApps } from '../contracts/app-registry.js';
import type { ContextDescriptor } from '../contracts/context-descriptor.js';
import type { AppConfig } from './app-config.js';
import type { ContextName } from './contexts.js';

/** Where an app stands towards the contexts: the one it serves to other apps, and those it calls. */
export interface AppContexts {
  name: string;
  /** The context it serves to other apps over its transport. */
  serves?: ContextName;
  /** The contexts it calls through their facades; those with `<CONTEXT>_TRANSPORT=local` run in it. */
  uses?: readonly ContextName[];
}

/** The contexts that run in the app's own process. */
export function hostedContexts(config: AppConfig, app: AppContexts): ContextName[] {
  const local = (app.uses ?? []).filter((context) => config.transportFor(context) === 'local');
  return [...new Set([...(app.serves ? [app.serves] : []), ...local])];
}

/** The registered descriptor of `context`; throws for one nobody registered. */
function descriptorOf(context: ContextName): ContextDescriptor {
  const descriptor = registeredApps().contexts.find((candidate) => candidate.name === context);
  if (!descriptor) throw new Error(`Unknown context "${context}": not among the registered apps (registerApps)`);
  return descriptor;
}

/** Hosted contexts that store data but have no database URL, own or shared. */
const withoutDatabase = (config: AppConfig, hosted: readonly ContextName[]): ContextName[] =>
  hosted.filter((context) => descriptorOf(context).database && !config.databaseUrlFor(context));

/**
 * What the app cannot start without, given which contexts run in it — as configuration
 * problems, so they are reported with every other bad key in one message: a database for each
 * context that stores data and what each hosted context's descriptor requires (`hostRequires`;
 * the service keys are checked by `serviceTrustProblems`).
 */
export function hostingProblems(config: AppConfig, app: AppContexts): string[] {
  const hosted = hostedContexts(config, app);
  const hosts = (contexts: readonly ContextName[]) => `required by the ${app.name} app, which hosts ${contexts.join(', ')}`;
  const problems: string[] = [];
  const databaseless = withoutDatabase(config, hosted);
  if (databaseless.length > 0) {
    const own = databaseless.map((context) => `${context.toUpperCase()}_DATABASE_URL`).join(' / ');
    problems.push(`DATABASE_URL: ${hosts(databaseless)} (or set ${own})`);
  }
  const settings = config as unknown as Record<string, unknown>;
  for (const context of hosted) {
    for (const { key, hint } of descriptorOf(context).hostRequires ?? []) {
      const value = settings[key];
      if (typeof value !== 'string' || value.trim() === '') problems.push(`${key}: ${hosts([context])}: ${hint}`);
    }
  }
  return problems;
}
