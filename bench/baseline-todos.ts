/**
 * The read baseline: a minimal hand-written Fastify 5 + pg + JWT-verify server doing the two
 * todo reads the product serves — `GET /todos/:id` and `GET /todos?limit=N` — and its create
 * (`POST /todos`, baseline-todos-create.ts) on the same
 * database rows, with the same token checks and the same JSON. No Nest, no logging, no
 * validation library, no ORM: what "the same read" costs done by hand, so the product's
 * req/s can be judged as a ratio that holds on any hardware.
 *
 * Token checks, as the product's edge makes them: ES256 signature with a public key fetched
 * once from the product's JWKS (`JWKS_URL`) and built into a KeyObject once; header `typ`
 * at+jwt and `alg` ES256; `iss`, `aud`, `exp`/`nbf` with AUTH_CLOCK_SKEW_S; `token_use`. Every
 * request verifies its token (no cache). There is no revocation list: nothing here logs out.
 *
 * Usage: `tsx bench/baseline-todos.ts` with HOST, PORT, DATABASE_URL (or TODOS_DATABASE_URL),
 * JWKS_URL, and optionally
 * DATABASE_POOL_SIZE (10), AUTH_ISSUER (ficus-auth), AUTH_AUDIENCE (ficus), AUTH_CLOCK_SKEW_S
 * (30) — the product's defaults. The harness runs a type-stripped copy on plain `node`.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { Pool } from 'pg';
import { registerCreate } from './baseline-todos-create.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

const ISSUER = process.env.AUTH_ISSUER || 'ficus-auth';
const AUDIENCE = process.env.AUTH_AUDIENCE || 'ficus';
const SKEW_S = Number(process.env.AUTH_CLOCK_SKEW_S || 30);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

// ── Keys: fetched once at start, one KeyObject per key id ──────────────────────────────────

interface Jwk {
  kid?: unknown;
  alg?: unknown;
  kty?: unknown;
  crv?: unknown;
  x?: unknown;
  y?: unknown;
}

async function loadKeys(jwksUrl: string): Promise<Map<string, KeyObject>> {
  const response = await fetch(jwksUrl);
  if (!response.ok) throw new Error(`GET ${jwksUrl} answered ${response.status}`);
  const { keys } = (await response.json()) as { keys: Jwk[] };
  const loaded = new Map<string, KeyObject>();
  for (const { kid, alg, kty, crv, x, y } of keys) {
    if (typeof kid !== 'string' || alg !== 'ES256' || kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string') continue;
    loaded.set(kid, createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' }));
  }
  if (loaded.size === 0) throw new Error(`${jwksUrl} has no ES256 key`);
  return loaded;
}

// ── Token verification ─────────────────────────────────────────────────────────────────────

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The caller's user id, or undefined for any token the product would reject (bar revocation). */
function verifiedSubject(keys: Map<string, KeyObject>, token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [encodedHeader, encodedPayload, signature] = parts;
  const header = decodePart(encodedHeader);
  if (!header || header.alg !== 'ES256' || header.typ !== 'at+jwt' || typeof header.kid !== 'string') return undefined;
  const key = keys.get(header.kid);
  if (!key) return undefined;
  const signed = verify('sha256', Buffer.from(`${encodedHeader}.${encodedPayload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!signed) return undefined;
  const claims = decodePart(encodedPayload);
  if (!claims) return undefined;
  const now = Math.floor(Date.now() / 1000);
  const audienceOk = claims.aud === AUDIENCE || (Array.isArray(claims.aud) && claims.aud.includes(AUDIENCE));
  if (claims.iss !== ISSUER || !audienceOk) return undefined;
  if (typeof claims.exp !== 'number' || now >= claims.exp + SKEW_S) return undefined;
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now + SKEW_S)) return undefined;
  if (claims.token_use !== 'access' || typeof claims.sid !== 'string' || typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return undefined;
  return claims.sub;
}

// ── Rows and views: the product's TodoView, field for field ────────────────────────────────

interface TodoRow {
  id: string;
  title: string;
  description: string | null;
  due_at: Date | null;
  priority: string;
  tags: string[] | null;
  done: boolean;
  completed_at: Date | null;
  parent_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, title, description, due_at, priority, tags, done, completed_at, parent_id, version, created_at, updated_at';
const GET_ONE = `SELECT ${COLUMNS} FROM todos.todos WHERE id = $1 AND owner_id = $2`;
const LIST_FIRST_PAGE = `SELECT ${COLUMNS} FROM todos.todos WHERE owner_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`;

function view(row: TodoRow) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    dueAt: row.due_at?.toISOString() ?? null,
    priority: row.priority,
    tags: row.tags ?? [],
    done: row.done,
    completedAt: row.completed_at?.toISOString() ?? null,
    parentId: row.parent_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function cursorAfter(row: TodoRow): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
}

// ── Server ─────────────────────────────────────────────────────────────────────────────────

const poolSize = Number(process.env.DATABASE_POOL_SIZE || 10);
// The product's todos context reads TODOS_DATABASE_URL first, then DATABASE_URL.
const pool = new Pool({ connectionString: process.env.TODOS_DATABASE_URL || required('DATABASE_URL'), max: poolSize });
pool.on('error', () => undefined);
const keys = await loadKeys(required('JWKS_URL'));
// Closing drops keep-alive connections, so SIGTERM ends the process at once.
const app = Fastify({ forceCloseConnections: true });

function callerOf(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  const subject = token === undefined ? undefined : verifiedSubject(keys, token);
  if (subject === undefined) void reply.code(401).send({ status: 401, title: 'Unauthorized' });
  return subject;
}

app.get<{ Params: { id: string } }>('/todos/:id', async (request, reply) => {
  const owner = callerOf(request, reply);
  if (owner === undefined) return reply;
  if (!UUID.test(request.params.id)) return reply.code(400).send({ status: 400, title: 'Bad Request' });
  const { rows } = await pool.query<TodoRow>(GET_ONE, [request.params.id.toLowerCase(), owner]);
  if (rows.length === 0) return reply.code(404).send({ status: 404, title: 'Not Found' });
  return reply.header('etag', `"${rows[0].version}"`).send(view(rows[0]));
});

app.get<{ Querystring: { limit?: string } }>('/todos', async (request, reply) => {
  const owner = callerOf(request, reply);
  if (owner === undefined) return reply;
  const limit = request.query.limit === undefined ? 20 : Number(request.query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return reply.code(400).send({ status: 400, title: 'Bad Request' });
  // One row more than the page tells whether another page follows.
  const { rows } = await pool.query<TodoRow>(LIST_FIRST_PAGE, [owner, limit + 1]);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return reply.send({ items: items.map(view), nextCursor: rows.length > limit && last ? cursorAfter(last) : null });
});

registerCreate(app, pool, callerOf, COLUMNS, view, Number(process.env.TODOS_MAX_PER_USER || 10_000));

const host = process.env.HOST ?? '127.0.0.1';
const address = await app.listen({ host, port: Number(process.env.PORT ?? 0) });
console.log(`todos baseline listening on ${address} (pool ${poolSize}, ${keys.size} key(s))`);

// The harness stops us with SIGTERM.
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
});
