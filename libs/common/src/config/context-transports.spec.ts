import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from '../../../../test/support/config-problems.js';
import { newServiceKey } from '../../../../tools/start/dev-keys.js';
import { AppConfig } from './app-config.js';
import { configKeys, loadConfig } from './load-config.js';
import { declareContextTransports } from './transport.settings.js';

// A context of this spec's own: what any registered context gets, whatever its name.
declareContextTransports([{ name: 'ledger', defaultTcpPort: 4999 }]);

describe('TransportSettings: the settings each registered context adds', () => {
  it('declares <CTX>_TRANSPORT, <CTX>_TCP_HOST and <CTX>_TCP_PORT as settings', () => {
    expect([...configKeys(AppConfig)]).toEqual(expect.arrayContaining(['LEDGER_TRANSPORT', 'LEDGER_TCP_HOST', 'LEDGER_TCP_PORT']));
  });

  it('defaults to in-process, and to the descriptor’s port on loopback', () => {
    const config = loadConfig(AppConfig, {});
    expect(config.transportFor('ledger')).toBe('local');
    expect(config.tcpAddressFor('ledger')).toEqual({ host: '127.0.0.1', port: 4999 });
    expect(config.remoteContexts()).not.toContain('ledger');
  });

  it('reads them from the environment, typed, and a remote context makes the events go over JetStream', () => {
    const config = loadConfig(AppConfig, { LEDGER_TRANSPORT: 'tcp', LEDGER_TCP_HOST: 'ledger.internal', LEDGER_TCP_PORT: '5001', SERVICE_PRIVATE_KEYS: newServiceKey() });
    expect(config.transportFor('ledger')).toBe('tcp');
    expect(config.tcpAddressFor('ledger')).toEqual({ host: 'ledger.internal', port: 5001 });
    expect(config.remoteContexts()).toContain('ledger');
    expect(config.eventsTransport).toBe('jetstream');
  });

  it('validates them with every other key, in one message, and reads their _FILE', () => {
    expect(configProblems({ LEDGER_TRANSPORT: 'pigeon', LEDGER_TCP_PORT: '0', PORT: 'x' })).toEqual([
      expect.stringMatching(/^LEDGER_TCP_PORT: /),
      expect.stringMatching(/^LEDGER_TRANSPORT: /),
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(/^SERVICE_PRIVATE_KEYS: .*required when a context is remote/),
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'ficus-ledger-')), 'host');
    writeFileSync(file, 'from-a-file\n');
    expect(loadConfig(AppConfig, { LEDGER_TCP_HOST_FILE: file }).tcpAddressFor('ledger').host).toBe('from-a-file');
  });

  it('knows no context nobody registered', () => {
    expect(() => loadConfig(AppConfig, {}).transportFor('nowhere')).toThrow(/Unknown context "nowhere"/);
  });
});
