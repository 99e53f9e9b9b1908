import { readFileSync } from 'node:fs';
import { NATS_SERVER_CONFIG, NATS_SERVER_CONFIG_K8S, natsServerConfig } from './nats-server-config.js';

/** The facade subjects (requests to a context) a user of the configuration may publish. */
const calls = (user: string): string[] =>
  (/publish: \[([^\]]*)\]/.exec(user)?.[1] ?? '').split(', ').filter((subject) => /^"(auth|todos|ai)\./.test(subject));

describe('deploy/nats/nats-server.conf', () => {
  it('is what the code says each app serves and calls (regenerate it with `npm run deploy:nats`)', () => {
    expect(readFileSync(NATS_SERVER_CONFIG, 'utf8')).toBe(natsServerConfig());
    expect(readFileSync(NATS_SERVER_CONFIG_K8S, 'utf8')).toBe(natsServerConfig());
  });

  it('lets the ai app call exactly the todos methods its code calls, and no context’s app call another', () => {
    const config = natsServerConfig();
    expect(config).toContain('publish: ["todos.get", "todos.list", "todos.create", "todos.ping", "todos.cancel"]');
    const users = config.split('user: ').slice(1);
    // Context apps publish nothing but their events (todos): no message to another context.
    expect(users.map((user) => [user.split('\n')[0], calls(user).length > 0])).toEqual([
      ['gateway', true],
      ['auth', false],
      ['todos', false],
      ['ai', true],
    ]);
  });

  it('lets only todos publish todo events, and the gateway read them live, each on its own inbox', () => {
    const users = Object.fromEntries(natsServerConfig().split('user: ').slice(1).map((user) => [user.split('\n')[0], user]));
    expect(users.todos).toContain('"events.todos.>"');
    expect(users.todos).toContain('"$JS.API.STREAM.CREATE.ficus_events_todos"');
    expect(users.todos).toContain('subscribe: ["todos.>", "_INBOX.todos.>"]');
    for (const app of ['gateway', 'auth', 'ai']) expect(users[app]).not.toContain('"events.todos.>"');
    expect(users.gateway).toContain('"$JS.API.CONSUMER.MSG.NEXT.ficus_events_todos.>"');
    // Nobody gets the whole JetStream API (deleting streams, say).
    expect(natsServerConfig()).not.toMatch(/"\$JS\.API\.>"|"\$JS\.>"|STREAM\.DELETE/);
  });
});
