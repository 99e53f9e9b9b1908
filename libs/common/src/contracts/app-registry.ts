import type { AppRegistry } from './context-descriptor.js';

let registered: AppRegistry | undefined;
const listeners: ((apps: AppRegistry) => void)[] = [];

/**
 * Hands the platform the apps of this deployment (apps/contexts.ts). The platform names no
 * context itself: who may call what, which calls only read and which events go where are all
 * derived from what is registered here. `createApp` and `loadAppConfig` register their
 * definition's apps; tools and tests that use the platform without them call this first.
 * A process has one deployment: registering again replaces it.
 */
export function registerApps(apps: AppRegistry): void {
  registered = apps;
  for (const listener of listeners) listener(apps);
}

/**
 * Calls `listener` with the registered apps now (when there are any) and on every later
 * registration: how platform parts that declare something per context (the transport
 * settings) learn of the contexts without the registry importing them.
 */
export function onAppsRegistered(listener: (apps: AppRegistry) => void): void {
  listeners.push(listener);
  if (registered) listener(registered);
}

/** The registered apps, or undefined before any registration (tools that run without the apps). */
export function registeredAppsIfAny(): AppRegistry | undefined {
  return registered;
}

/** The registered apps; throws when nothing registered them yet (a missing `registerApps`). */
export function registeredApps(): AppRegistry {
  if (!registered) throw new Error('No apps registered: pass the registration list of apps/contexts.ts to registerApps (createApp does it from the app definition)');
  return registered;
}
