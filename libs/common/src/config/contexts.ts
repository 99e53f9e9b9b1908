/** The bounded contexts that own data; each has `prisma/<context>/` and a Postgres schema of that name. */
export const CONTEXTS = ['auth', 'todos', 'ai'] as const;
export type ContextName = (typeof CONTEXTS)[number];
