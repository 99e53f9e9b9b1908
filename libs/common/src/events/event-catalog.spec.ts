import { defineEvents } from './event-catalog.js';
import { eventSubscription, redeliveryDelayMs } from './event-subscription.js';

const handle = async (): Promise<void> => undefined;

describe('event catalogs and subscriptions', () => {
  const catalog = defineEvents<{ 'todo.created': { id: string }; 'todo.deleted': { id: string } }>('todos', { 'todo.created': 1, 'todo.deleted': 2 });

  it('refuses names that cannot be subject tokens and versions below 1', () => {
    expect(() => defineEvents('Todos', {})).toThrow(/Invalid event context/);
    expect(() => defineEvents('todos', { created: 1 })).toThrow(/Invalid event type "created"/);
    expect(() => defineEvents('todos', { 'todo.*': 1 })).toThrow(/Invalid event type/);
    expect(() => defineEvents('todos', { 'todo.created': 0 })).toThrow(/Invalid version 0/);
  });

  it('refuses a consumer name JetStream would not take, and types its source does not declare', () => {
    expect(() => eventSubscription({ name: 'todos.cache', source: catalog, types: ['todo.created'], handle })).toThrow(/Invalid consumer name/);
    expect(() => eventSubscription({ name: 'todos-cache', source: catalog, types: ['todo.renamed' as 'todo.created'], handle })).toThrow(/todo.renamed/);
    expect(eventSubscription({ name: 'todos-cache', source: catalog, types: ['todo.created'], handle })).toMatchObject({ context: 'todos', delivery: { maxDeliveries: 5 } });
  });

  it('waits the back-off step of each redelivery, the last one repeating', () => {
    const policy = { maxDeliveries: 6, backoffMs: [100, 500] };
    expect([2, 3, 4, 5, 6].map((delivery) => redeliveryDelayMs(policy, delivery))).toEqual([100, 500, 500, 500, 500]);
  });
});
