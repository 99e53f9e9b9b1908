/**
 * `POST /todos` by hand for the read baseline's server (baseline-todos.ts): the product's create
 * rules checked without a validation library, then the product's transaction — the owner's
 * advisory lock, the per-user limit, the insert — in plain SQL on the pg pool.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';

const PRIORITIES = new Set(['low', 'medium', 'high']);
const FIELDS = new Set(['title', 'description', 'dueAt', 'priority', 'tags']);

interface NewTodo {
  title: string;
  description: string | null;
  dueAt: Date | null;
  priority: string;
  tags: string[];
}

/** The create the body asks for, or undefined where the product answers 400. */
function newTodo(body: unknown): NewTodo | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const input = body as Record<string, unknown>;
  if (Object.keys(input).some((key) => !FIELDS.has(key))) return undefined;
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  if (title.length < 1 || title.length > 200) return undefined;
  const { description = null, dueAt = null, priority = 'medium', tags = [] } = input;
  if (description !== null && (typeof description !== 'string' || description.length > 10_000)) return undefined;
  if (typeof priority !== 'string' || !PRIORITIES.has(priority)) return undefined;
  const due = dueAt === null ? null : typeof dueAt === 'string' ? new Date(dueAt) : undefined;
  if (due === undefined || (due !== null && Number.isNaN(due.getTime()))) return undefined;
  if (!Array.isArray(tags) || tags.length > 20 || tags.some((tag) => typeof tag !== 'string' || tag.trim().length < 1 || tag.length > 32)) return undefined;
  return { title, description, dueAt: due, priority, tags: [...new Set((tags as string[]).map((tag) => tag.trim()))] };
}

/** Registers the route; `columns` and `view` are the read baseline's, so answers match. */
export function registerCreate(
  app: FastifyInstance,
  pool: Pool,
  callerOf: (request: FastifyRequest, reply: FastifyReply) => string | undefined,
  columns: string,
  view: (row: never) => unknown,
  maxPerUser: number,
): void {
  const insert = `INSERT INTO todos.todos (id, owner_id, title, description, due_at, priority, tags, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6::todos.todo_priority, $7, now()) RETURNING ${columns}`;
  app.post('/todos', async (request, reply) => {
    const owner = callerOf(request, reply);
    if (owner === undefined) return reply;
    const todo = newTodo(request.body);
    if (!todo) return reply.code(400).send({ status: 400, title: 'Bad Request' });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('ficus.todos.create'), hashtext($1))`, [owner]);
      const { rows: counted } = await client.query<{ count: string }>('SELECT count(*) FROM todos.todos WHERE owner_id = $1', [owner]);
      if (Number(counted[0].count) >= maxPerUser) {
        await client.query('ROLLBACK');
        return reply.code(409).send({ status: 409, title: 'Conflict' });
      }
      const { rows } = await client.query<{ version: number }>(insert, [randomUUID(), owner, todo.title, todo.description, todo.dueAt, todo.priority, todo.tags]);
      await client.query('COMMIT');
      return reply.code(201).header('etag', `"${rows[0].version}"`).send(view(rows[0] as never));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
}
