import request from 'supertest';
import { createPrismaAdapter } from '@ficus/common';
import { PrismaClient } from '../../apps/auth/src/generated/prisma/client.js';
import { probeApp } from './fixtures/probe.app.js';
import { startTestApp } from '../support/test-app.js';

describe('database', () => {
  it('runs in this test run’s own, migrated database', () => {
    expect(new URL(process.env.DATABASE_URL ?? '').pathname).toMatch(/^\/ficus_test_run_[0-9a-f]{8}$/);
  });

  it('is part of readiness when DATABASE_URL is set', async () => {
    const { app } = await startTestApp(probeApp, { DATABASE_URL: process.env.DATABASE_URL });
    try {
      const ready = await request(app.getHttpServer()).get('/ready').expect(200);
      expect(ready.body.details.database).toMatchObject({ status: 'up' });
    } finally {
      await app.close();
    }
  });

  it('probes every distinct context database, and reports the one that is down', async () => {
    const { app } = await startTestApp(probeApp, {
      DATABASE_URL: process.env.DATABASE_URL,
      TODOS_DATABASE_URL: process.env.DATABASE_URL,
      AI_DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/ai_test',
    });
    try {
      const ready = await request(app.getHttpServer()).get('/ready').expect(503);
      expect(ready.body.details).toMatchObject({ database: { status: 'up' }, 'database:ai': { status: 'down' } });
      expect(Object.keys(ready.body.details).filter((name) => name.startsWith('database')).toSorted()).toEqual(['database', 'database:ai']);
    } finally {
      await app.close();
    }
  });

  it('makes /ready 503 when the database cannot be reached', async () => {
    const { app } = await startTestApp(probeApp, { DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/nowhere_test' });
    try {
      const ready = await request(app.getHttpServer()).get('/ready').expect(503);
      expect(ready.body.error.database.status).toBe('down');
      await request(app.getHttpServer()).get('/health').expect(200);
    } finally {
      await app.close();
    }
  });

  it('gives a context’s Prisma client its own schema through the pg adapter', async () => {
    const prisma = new PrismaClient({ adapter: createPrismaAdapter({ url: process.env.DATABASE_URL ?? '', schema: 'auth', poolSize: 2 }) });
    try {
      const [{ schema }] = await prisma.$queryRaw<{ schema: string }[]>`SELECT current_schema() AS schema`;
      expect(schema).toBe('auth');
      // Unqualified names resolve in the context's schema: its migrations table is found there.
      const [{ table }] = await prisma.$queryRaw<{ table: string | null }[]>`SELECT to_regclass('_prisma_migrations')::text AS table`;
      expect(table).toBe('_prisma_migrations');
      const [{ owner }] = await prisma.$queryRaw<{ owner: string }[]>`
        SELECT n.nspname AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass('_prisma_migrations')`;
      expect(owner).toBe('auth');
    } finally {
      await prisma.$disconnect();
    }
  });
});
