/**
 * What an app costs before any load: resident memory idle, per app, and the gateway's cold start
 * (`node dist/apps/gateway/src/main.js` to its first 200 on /health).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { anyFreePort } from '../tools/embedded-pg/index.js';
import { PINNING } from './pinning.js';
import { rssBytes } from './proc-stats.js';
import { startServerProcess, WORK_DIR } from './server-process.js';
import { appEnvironment, DEFAULT_BENCH_REDIS_URL, entry, PRODUCT_NODE_FLAGS, type BenchApp } from './topologies.js';

/** How long an app sits idle after its first 200 before its RSS is read (lazy start-up work settles). */
const SETTLE_MS = 3000;

export interface IdleMemory {
  app: BenchApp;
  /** What runs: the gateway with every context in-process, or one context app serving NATS. */
  label: string;
  rssBytes: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health', url));
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Each app alone, as it is deployed: the gateway with every context in-process, and auth, todos
 * and ai each as their own app serving its context over NATS (with Redis, which auth requires).
 */
export async function idleMemory(env: NodeJS.ProcessEnv): Promise<IdleMemory[]> {
  const split: NodeJS.ProcessEnv = { ...env, REDIS_URL: process.env.BENCH_REDIS_URL || DEFAULT_BENCH_REDIS_URL };
  const plans: Array<{ app: BenchApp; label: string; env: NodeJS.ProcessEnv }> = [
    { app: 'gateway', label: 'gateway, every context in-process', env: appEnvironment(env, 'gateway', 'local') },
    ...(['auth', 'todos', 'ai'] as const).map((app) => ({
      app,
      label: `${app} app (serving NATS)`,
      env: appEnvironment({ ...split, [`${app.toUpperCase()}_TRANSPORT`]: 'nats' }, app, app === 'auth' ? 'nats' : 'local'),
    })),
  ];
  const rows: IdleMemory[] = [];
  for (const plan of plans) {
    const server = await startServerProcess({ name: `idle-${plan.app}`, args: [...PRODUCT_NODE_FLAGS, entry(plan.app)], cwd: resolve(WORK_DIR, '..', '..'), env: plan.env, logFile: resolve(WORK_DIR, `idle-${plan.app}.log`) });
    try {
      const deadline = Date.now() + 30_000;
      while (!(await healthy(server.url))) {
        if (Date.now() > deadline) throw new Error(`${plan.app} never answered /health; see ${server.logFile}`);
        await sleep(50);
      }
      await sleep(SETTLE_MS);
      rows.push({ app: plan.app, label: plan.label, rssBytes: rssBytes([server.pid]) ?? Number.NaN });
    } finally {
      await server.stop();
    }
  }
  return rows;
}

/**
 * Milliseconds from spawning `node dist/apps/gateway/src/main.js` to its first 200 on /health,
 * polled every 10 ms; one value per attempt (the report takes the median).
 */
export async function coldStarts(env: NodeJS.ProcessEnv, attempts: number): Promise<number[]> {
  const times: number[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = await anyFreePort();
    const url = `http://127.0.0.1:${port}`;
    const log = openSync(resolve(WORK_DIR, 'cold-start.log'), 'w');
    const command = [...PINNING.server, process.execPath, entry('gateway')];
    const started = performance.now();
    const child = spawn(command[0], command.slice(1), { env: { ...appEnvironment(env, 'gateway', 'local'), HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', log, log] });
    closeSync(log);
    try {
      while (!(await healthy(url))) {
        if (child.exitCode !== null) throw new Error(`the gateway exited (${child.exitCode}) before answering; see ${resolve(WORK_DIR, 'cold-start.log')}`);
        if (performance.now() - started > 30_000) throw new Error('the gateway did not answer /health within 30 s');
        await sleep(10);
      }
      times.push(performance.now() - started);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
    }
  }
  return times;
}
