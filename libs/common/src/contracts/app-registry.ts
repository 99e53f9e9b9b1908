import type { AppRegistry } from './context-descriptor.js';

let registered: AppRegistry | undefined;

/**
 * Hands the platform the apps of this deployment (apps/contexts.ts). The platform names no
 * context itself: who may call what, which calls only read and which events go where are all
 * derived from what is registered here. `createApp` and `loadAppConfig` register their
 * definition's apps; tools and tests that use the platform without them call this first.
 * A process has one deployment: registering again replaces it.
 */
export function registerApps(apps: AppRegistry): void {
  registered = apps;
}

/** The registered apps; throws when nothing registered them yet (a missing `registerApps`). */
export function registeredApps(): AppRegistry {
  if (!registered) throw new Error('No apps registered: pass the registration list of apps/contexts.ts to registerApps (createApp does it from the app definition)');
  return registered;
}
