import { registeredApps } from './app-registry.js';
import type { EventRoutes } from './context-descriptor.js';

/**
 * The event routes of app `app`, from the registered apps (see registerApps); undefined for an
 * app that uses no events. The NATS users of deploy/nats/nats-server.conf get exactly these
 * streams and subjects (`npm run deploy:nats`).
 */
export function eventRoutesOf(app: string): EventRoutes | undefined {
  const { edge, contexts } = registeredApps();
  return [edge, ...contexts].find((candidate) => candidate.name === app)?.events;
}
