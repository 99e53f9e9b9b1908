import type { ContextName } from '../config/contexts.js';
import type { TransportSettings } from '../config/transport.settings.js';
import { contextsCalledBy } from '../contracts/service-calls.js';
import { ServiceCredentials } from './service-credentials.js';

type TrustSettings = Pick<TransportSettings, 'SERVICE_PRIVATE_KEYS' | 'SERVICE_PUBLIC_KEYS' | 'transportFor'> & { REDIS_URL?: string };

/**
 * What an app needs to take part in the messages between apps, beyond what each setting checks
 * on its own: an app serving a context needs its key and Redis (the replay cache its instances
 * share); an app calling a context remotely needs that context's public key. One line per
 * missing piece, for the start-up's configuration error.
 */
export function serviceTrustProblems(app: string, serves: ContextName | undefined, config: TrustSettings): string[] {
  const problems: string[] = [];
  if (serves && !config.SERVICE_PRIVATE_KEYS) problems.push(`SERVICE_PRIVATE_KEYS: required by the ${app} app, which serves ${serves} to other apps`);
  if (serves && !config.REDIS_URL) problems.push(`REDIS_URL: required by the ${app} app, which serves ${serves} to other apps: its instances refuse replayed messages through it`);
  const credentials = ServiceCredentials.fromConfig(app, config);
  for (const context of contextsCalledBy(app)) {
    const transport = config.transportFor(context);
    if (transport !== 'local' && config.SERVICE_PRIVATE_KEYS && !credentials.canReach(context)) {
      problems.push(`SERVICE_PUBLIC_KEYS: has no key of ${context}, which the ${app} app calls over ${transport}`);
    }
  }
  return problems;
}
