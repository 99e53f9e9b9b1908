import { newServiceKey } from '../../../../tools/start/dev-keys.js';
import { registerApps } from '../contracts/app-registry.js';
import { defineContext } from '../contracts/context-descriptor.js';
import { AppConfig } from './app-config.js';
import { hostingProblems } from './hosting-requirements.js';
import { loadConfig } from './load-config.js';

/** A context of this spec's own, described as any context is. */
const context = (name: string, extra: Partial<Parameters<typeof defineContext>[0]> = {}) =>
  defineContext({ name, contract: { context: name, token: Symbol(name), patterns: {}, requests: {} }, defaultTcpPort: 4900, database: true, ...extra });

beforeAll(() => {
  registerApps({
    edge: { name: 'edge' },
    contexts: [context('ledger', { hostRequires: [{ key: 'LOG_LEVEL', hint: 'how much to say' }] }), context('oracle', { database: false })],
  });
});

describe('hostingProblems: what an app cannot start without, from the descriptors of the contexts it hosts', () => {
  it('needs a database for a hosted context that stores data, and none for one that does not', () => {
    const config = loadConfig(AppConfig, {});
    expect(hostingProblems(config, { name: 'edge', uses: ['ledger', 'oracle'] })).toEqual([
      'DATABASE_URL: required by the edge app, which hosts ledger (or set LEDGER_DATABASE_URL)',
    ]);
    expect(hostingProblems(config, { name: 'oracle', serves: 'oracle' })).toEqual([]);
  });

  it('needs what a hosted context’s descriptor requires, with its hint', () => {
    const config = Object.assign(loadConfig(AppConfig, { DATABASE_URL: 'postgresql://shared/db' }), { LOG_LEVEL: ' ' });
    expect(hostingProblems(config, { name: 'ledger', serves: 'ledger' })).toEqual(['LOG_LEVEL: required by the ledger app, which hosts ledger: how much to say']);
  });

  it('asks nothing for a context running elsewhere', () => {
    const config = loadConfig(AppConfig, { LEDGER_TRANSPORT: 'nats', SERVICE_PRIVATE_KEYS: newServiceKey() });
    expect(hostingProblems(config, { name: 'edge', uses: ['ledger'] })).toEqual([]);
  });
});
