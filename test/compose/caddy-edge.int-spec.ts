import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from '../support/eventually.js';

// The compose stack's edge, run for real: deploy/caddy/Caddyfile in a real caddy, with the two
// gateway replicas' addresses (gateway-1:3000, gateway-2:3000 on the compose network) pointed at
// two loopback servers that stand in for them. Only the addresses and the listening port change.
const CADDYFILE = resolve(__dirname, '../../deploy/caddy/Caddyfile');

interface Replica {
  name: string;
  server: Server;
  port: number;
  ready: boolean;
  /** Headers of the requests Caddy forwarded (not its health checks). */
  seen: IncomingHttpHeaders[];
}

async function startReplica(name: string): Promise<Replica> {
  const replica: Replica = { name, server: createServer(), port: 0, ready: true, seen: [] };
  replica.server.on('request', (request, response) => {
    if (request.url === '/ready') {
      response.writeHead(replica.ready ? 200 : 503).end();
      return;
    }
    replica.seen.push(request.headers);
    response.writeHead(200, { 'content-type': 'text/plain' }).end(name);
  });
  await new Promise<void>((listening) => replica.server.listen(0, '127.0.0.1', listening));
  replica.port = (replica.server.address() as AddressInfo).port;
  return replica;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

describe('the Caddy edge of the compose stack', () => {
  let folder: string;
  let caddy: ChildProcess;
  let replicas: Replica[];
  let edge: string;

  /** The names of the replicas that answered `count` requests through the edge, in order. */
  const answers = async (count: number): Promise<string[]> => {
    const names: string[] = [];
    for (let i = 0; i < count; i += 1) names.push(await (await fetch(edge)).text());
    return names;
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ficus-caddy-'));
    replicas = [await startReplica('gateway-1'), await startReplica('gateway-2')];
    const port = await freePort();
    let config = readFileSync(CADDYFILE, 'utf8');
    if (!config.includes(':3000 {')) throw new Error('the Caddyfile no longer serves :3000');
    config = config.replace(":3000 {", `:${port} {`);
    for (const replica of replicas) {
      if (!config.includes(`${replica.name}:3000`)) throw new Error(`the Caddyfile no longer proxies to ${replica.name}:3000`);
      config = config.replace(`${replica.name}:3000`, `127.0.0.1:${replica.port}`);
    }
    writeFileSync(join(folder, 'Caddyfile'), config);
    edge = `http://127.0.0.1:${port}/todos`;
    caddy = spawn('caddy', ['run', '--adapter', 'caddyfile', '--config', join(folder, 'Caddyfile')], {
      env: { PATH: process.env.PATH, HOME: folder, XDG_DATA_HOME: folder, XDG_CONFIG_HOME: folder },
      stdio: 'ignore',
    });
    await eventually(async () => {
      const { status } = await fetch(edge);
      if (status !== 200) throw new Error(`caddy answered ${status}`);
    });
  });
  afterAll(async () => {
    caddy?.kill('SIGTERM');
    await Promise.all((replicas ?? []).map((replica) => new Promise((closed) => replica.server.close(closed))));
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('sends requests to the replicas in turn, with the client’s address in X-Forwarded-For', async () => {
    const names = await answers(6);
    expect(names.toSorted()).toEqual(['gateway-1', 'gateway-1', 'gateway-1', 'gateway-2', 'gateway-2', 'gateway-2']);
    for (let i = 1; i < names.length; i += 1) expect(names[i]).not.toBe(names[i - 1]);
    expect(replicas[0].seen.at(-1)?.['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('stops sending to a replica whose /ready answers 503 (down or draining), and sends again once it is ready', async () => {
    replicas[1].ready = false;
    await eventually(async () => expect(await answers(4)).toEqual(['gateway-1', 'gateway-1', 'gateway-1', 'gateway-1']), { timeoutMs: 15_000, intervalMs: 200 });
    replicas[1].ready = true;
    await eventually(async () => expect(await answers(4)).toContain('gateway-2'), { timeoutMs: 15_000, intervalMs: 200 });
  });
});
