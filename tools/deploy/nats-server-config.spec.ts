import { readFileSync } from 'node:fs';
import { NATS_SERVER_CONFIG, NATS_SERVER_CONFIG_K8S, natsServerConfig } from './nats-server-config.js';

describe('deploy/nats/nats-server.conf', () => {
  it('is what the code says each app serves and calls (regenerate it with `npm run deploy:nats`)', () => {
    expect(readFileSync(NATS_SERVER_CONFIG, 'utf8')).toBe(natsServerConfig());
    expect(readFileSync(NATS_SERVER_CONFIG_K8S, 'utf8')).toBe(natsServerConfig());
  });

  it('lets the ai app call exactly the todos methods its code calls, and no context’s app call another', () => {
    const config = natsServerConfig();
    expect(config).toContain('publish: ["todos.get", "todos.list", "todos.create", "todos.ping", "todos.cancel"]');
    const users = config.split('user: ').slice(1);
    expect(users.map((user) => [user.split('\n')[0], user.includes('publish:')])).toEqual([
      ['gateway', true],
      ['auth', false],
      ['todos', false],
      ['ai', true],
    ]);
  });
});
