import { generateKeyPairSync } from 'node:crypto';
import { Server as TlsServer } from 'node:tls';
import { Registry } from 'prom-client';
import { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import { BoundedServerTcp } from './bounded-server-tcp.js';
import { InboundRejections } from './inbound-rejections.js';
import { serverOptionsFor } from './transport-options.js';
import { configProblems } from '../../../../test/support/config-problems.js';
import { loopbackCertificate } from '../../../../test/support/tls-material.js';
import { newServiceKey } from '../../../../tools/start/dev-keys.js';

// Shape-checked only here (the e2e suite runs a real TLS connection): any PEM of the right kind.
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const todosOverTcp = { TODOS_TRANSPORT: 'tcp', SERVICE_PRIVATE_KEYS: newServiceKey() };
const rejections = new InboundRejections(new Registry());

/** The TCP server a context app would run: its class, the options it listens with, TLS or not. */
function served(config: AppConfig): { server: string; options: unknown; tls: boolean } {
  const { strategy } = serverOptionsFor('todos', config, rejections);
  if (!(strategy instanceof BoundedServerTcp)) throw new Error('not a TCP server');
  return { server: strategy.constructor.name, options: Reflect.get(strategy, 'options'), tls: strategy.unwrap() instanceof TlsServer };
}

describe('TCP transport options', () => {
  it('serves plain TCP unless TCP_TLS is on', () => {
    expect(served(loadConfig(AppConfig, todosOverTcp))).toEqual({ server: 'BoundedServerTcp', options: { host: '127.0.0.1', port: 4102 }, tls: false });
  });

  it('serves TLS with the configured certificate and key when TCP_TLS is on', async () => {
    const { cert, key } = await loopbackCertificate();
    const config = loadConfig(AppConfig, { ...todosOverTcp, TCP_TLS: 'true', TCP_TLS_CERT: cert, TCP_TLS_KEY: key });
    expect(served(config)).toEqual({ server: 'BoundedServerTcp', options: { host: '127.0.0.1', port: 4102, tlsOptions: { cert, key } }, tls: true });
  });

  it('refuses to serve over TCP with TLS on but no certificate, naming what is missing', () => {
    const config = loadConfig(AppConfig, { ...todosOverTcp, TCP_TLS: 'true' });
    expect(() => serverOptionsFor('todos', config, rejections)).toThrow('the todos app needs TCP_TLS_CERT and TCP_TLS_KEY');
  });

  it('takes a certificate only with its key, PEM only, and no encrypted key (there is no passphrase)', () => {
    const tls = { TCP_TLS: 'true' };
    expect(configProblems({ ...tls, TCP_TLS_CERT: CERT })).toEqual([expect.stringMatching(/^TCP_TLS_KEY: .*together with TCP_TLS_CERT/)]);
    expect(configProblems({ ...tls, TCP_TLS_KEY: KEY })).toEqual([expect.stringMatching(/^TCP_TLS_CERT: .*together with TCP_TLS_KEY/)]);
    expect(configProblems({ ...tls, TCP_TLS_CA: 'not a certificate' })).toEqual(['TCP_TLS_CA: TCP_TLS_CA must hold PEM certificates']);
    const encrypted = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n';
    expect(configProblems({ ...tls, TCP_TLS_CERT: CERT, TCP_TLS_KEY: encrypted })).toEqual([expect.stringMatching(/^TCP_TLS_KEY: TCP_TLS_KEY must be an unencrypted PEM/)]);
    expect(configProblems({ ...tls, TCP_TLS_CA: CERT, TCP_TLS_CERT: CERT, TCP_TLS_KEY: KEY })).toEqual([]);
  });

  it('refuses TLS material without TCP_TLS=true, which would leave the traffic in clear', () => {
    const needsTls = [expect.stringMatching(/^TCP_TLS: .*take effect only with TCP_TLS=true/)];
    expect(configProblems({ TCP_TLS_CA: CERT })).toEqual(needsTls);
    expect(configProblems({ TCP_TLS: 'false', TCP_TLS_CERT: CERT, TCP_TLS_KEY: KEY })).toEqual(needsTls);
    expect(configProblems({ TCP_TLS: 'false' })).toEqual([]);
  });
});
