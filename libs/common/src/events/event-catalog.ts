/**
 * Payload shape per event type of one context, e.g. `{ 'todo.created': TodoView }`: the
 * contract's own interfaces; their JSON-safety is checked when an event is written.
 */
export type EventPayloads = object;

/**
 * The events a context publishes, declared once in its contract: the context's name (its
 * stream, its subjects) and, per event type, the payload's current version. Typed by the
 * payloads, so writers and consumers of a type agree on its shape at compile time.
 */
export interface EventCatalog<P extends EventPayloads = EventPayloads> {
  readonly context: string;
  readonly versions: { readonly [T in keyof P & string]: number };
}

/** Event types are NATS subject tokens: lower-case words joined by dots, `todo.created`. */
const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
/** Context names as elsewhere in Ficus: one lower-case word, also a schema and subject token. */
const CONTEXT_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Declares a context's events, e.g.
 * `defineEvents<TodosEvents>('todos', { 'todo.created': 1, 'todo.deleted': 1 })`.
 * Throws on a context or type name that cannot be a subject token, or a version below 1.
 */
export function defineEvents<P extends EventPayloads>(context: string, versions: { [T in keyof P & string]: number }): EventCatalog<P> {
  if (!CONTEXT_NAME.test(context)) throw new Error(`Invalid event context "${context}": one lower-case word`);
  for (const [type, version] of Object.entries<number>(versions)) {
    if (!EVENT_TYPE.test(type)) throw new Error(`Invalid event type "${type}": lower-case words joined by dots, e.g. todo.created`);
    if (!Number.isInteger(version) || version < 1) throw new Error(`Invalid version ${version} of event type "${type}": an integer from 1`);
  }
  return Object.freeze({ context, versions: Object.freeze({ ...versions }) });
}

/** The catalog's event types. */
export function eventTypes<P extends EventPayloads>(catalog: EventCatalog<P>): (keyof P & string)[] {
  return Object.keys(catalog.versions) as (keyof P & string)[];
}
