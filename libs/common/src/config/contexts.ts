/**
 * A bounded context's name, as its descriptor registers it (apps/contexts.ts): one lower-case
 * word, also its app's name, its Postgres schema and `prisma/<context>/`. The platform knows the
 * names only from the registration (see contextNames).
 */
export type ContextName = string;
