import { AppConfig } from '../config/app-config.js';
import { ServiceRights } from './service-rights.js';

describe('ServiceRights', () => {
  const rights = new ServiceRights(Object.assign(new AppConfig(), { NATS_SUBJECT_PREFIX: 'staging.', AUTH_TRANSPORT: 'tcp', AI_TRANSPORT: 'nats', TODOS_TRANSPORT: 'nats' }));

  it('lets each app send what its code calls, with the pings and cancels of those contexts', () => {
    expect(rights.allows('gateway', 'auth.jwks')).toBe(true);
    expect(rights.allows('gateway', 'staging.todos.remove')).toBe(true);
    expect(rights.allows('ai', 'staging.todos.create')).toBe(true);
    expect(rights.allows('ai', 'staging.todos.ping')).toBe(true);
    expect(rights.allows('ai', 'staging.todos.cancel')).toBe(true);
  });

  it('refuses the rest: another context, a method the app does not call, an app that calls nothing', () => {
    expect(rights.allows('ai', 'auth.jwks')).toBe(false);
    expect(rights.allows('ai', 'staging.todos.remove')).toBe(false);
    expect(rights.allows('todos', 'staging.todos.get')).toBe(false);
    expect(rights.allows('stranger', 'auth.jwks')).toBe(false);
  });

  it('knows subjects as they travel: prefixed on NATS, as they are on TCP', () => {
    expect(rights.allows('gateway', 'todos.get')).toBe(false);
    expect(rights.allows('gateway', 'staging.auth.jwks')).toBe(false);
  });
});
