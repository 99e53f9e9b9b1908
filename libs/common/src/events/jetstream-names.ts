// Where events live on NATS. Every name carries NATS_SUBJECT_PREFIX, so deployments (and test
// runs) sharing one server keep apart, as their request subjects do.

/** Stream names may not contain dots: `staging.` becomes `staging_`. */
const streamToken = (prefix: string): string => prefix.replaceAll('.', '_');

/** The stream holding one context's events. */
export function eventStreamName(prefix: string, context: string): string {
  return `${streamToken(prefix)}ficus_events_${context}`;
}

/** Subjects of one context's stream. */
export function eventStreamSubjects(prefix: string, context: string): string {
  return `${prefix}events.${context}.>`;
}

/** The subject one event is published on: `<prefix>events.<context>.<type>`, e.g. `events.todos.todo.created`. */
export function eventSubject(prefix: string, context: string, type: string): string {
  return `${prefix}events.${context}.${type}`;
}

/**
 * Where a consumer's given-up events go: `<prefix>events.dead-letter.<consumer>`, kept in a
 * stream of their own. No context's subjects overlap it: context names have no `-`.
 */
export function deadLetterSubject(prefix: string, consumer: string): string {
  return `${prefix}events.dead-letter.${consumer}`;
}

export function deadLetterStreamName(prefix: string): string {
  return `${streamToken(prefix)}ficus_dead_letters`;
}

export function deadLetterStreamSubjects(prefix: string): string {
  return `${prefix}events.dead-letter.>`;
}
