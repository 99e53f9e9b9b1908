import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anyFreePort } from '../../tools/embedded-pg/free-port.js';
import { loopbackCertificate } from './tls-material.js';
import { natsServerBinary } from './throwaway/nats.js';

/** A private NATS server that speaks TLS only, and the CA file that trusts it. */
export interface TlsNatsServer {
  /** `tls://127.0.0.1:<port>` */
  url: string;
  /** The server's self-signed certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  stop(): Promise<void>;
}

/**
 * Starts nats-server with TLS required on a free loopback port, with a fresh certificate, and
 * JetStream on (its store in the same temporary directory): with a context on NATS, events use it.
 */
export async function startTlsNatsServer(): Promise<TlsNatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ficus-nats-tls-'));
  const { cert, key } = await loopbackCertificate();
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(certFile, cert);
  writeFileSync(keyFile, key, { mode: 0o600 });
  const port = await anyFreePort();
  const child = spawn(natsServerBinary(), ['-a', '127.0.0.1', '-p', String(port), '--tls', '--tlscert', certFile, '--tlskey', keyFile, '-js', '-sd', join(dir, 'jetstream')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`nats-server did not start within 10 s:\n${output}`)), 10_000);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server is ready')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      failed(new Error(`nats-server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `tls://127.0.0.1:${port}`,
    caFile: certFile,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
