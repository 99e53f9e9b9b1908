import { parsePrivateKeys, parsePublicKeys, ServiceCredentials, type AppName } from '@ficus/common';
import { newServiceKey, servicePublicKeys } from '../../tools/start/dev-keys.js';

/**
 * Credentials of `apps` as a deployment gives them: each app its own fresh key, and every app
 * the public keys of all. `now` is their clock.
 */
export function serviceCredentials<A extends AppName>(apps: readonly A[], now: () => number = Date.now): Record<A, ServiceCredentials> {
  const keys = Object.fromEntries(apps.map((app) => [app, newServiceKey()])) as Record<A, string>;
  const publicKeys = parsePublicKeys(servicePublicKeys(keys).split(','));
  return Object.fromEntries(apps.map((app) => [app, new ServiceCredentials(app, parsePrivateKeys(keys[app]), publicKeys, now)])) as Record<A, ServiceCredentials>;
}

/** SERVICE_PUBLIC_KEYS listing these keys per app, each app's in the order given (a rotation's). */
export function listedPublicKeys(keys: Partial<Record<AppName, string[]>>): ReturnType<typeof parsePublicKeys> {
  return parsePublicKeys(Object.entries(keys).flatMap(([app, pems]) => (pems ?? []).map((pem) => servicePublicKeys({ [app]: pem }))));
}
