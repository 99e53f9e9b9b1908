/**
 * A typed client of the Ficus HTTP API: openapi-fetch over the types generated from
 * openapi.json (`npm run openapi`), so a request or answer that does not match the contract
 * is a type error.
 *
 * ```ts
 * const api = createFicusClient('http://localhost:3000');
 * const { data: tokens } = await api.POST('/auth/login', { body: { email, password } });
 * api.use(bearer(tokens!.accessToken));
 * const { data: todo } = await api.POST('/todos', { body: { title: 'Buy milk' } });
 * ```
 */
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, paths } from './ficus-api.js';

export type { components, operations, paths } from './ficus-api.js';

/** A schema of the API by name, e.g. `Schema<'TodoView'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The JSON answers: `application/json`, and `application/problem+json` for errors (not the AI's event streams). */
type JsonMedia = `${string}/${string}json`;

export type FicusClient = Client<paths, JsonMedia>;

/** A client of the API at `baseUrl` (e.g. `http://localhost:3000`), typed for its JSON answers. */
export function createFicusClient(baseUrl: string, options: Omit<ClientOptions, 'baseUrl'> = {}): FicusClient {
  return createClient<paths, JsonMedia>({ ...options, baseUrl });
}

/** Sends `Authorization: Bearer <accessToken>` with every request: `client.use(bearer(token))`. */
export function bearer(accessToken: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${accessToken}`);
      return request;
    },
  };
}
