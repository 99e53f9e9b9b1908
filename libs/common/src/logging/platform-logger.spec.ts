import { Writable } from 'node:stream';
import type { AppConfig } from '../config/app-config.js';
import { createPlatformLogger } from './platform-logger.js';
import { runInRequest } from './request-context.js';

const config = { LOG_LEVEL: 'info', logFormat: 'json' } as AppConfig;

/** The lines exactly as written (a parsed copy would hide a duplicated key). */
class RawLines extends Writable {
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get lines(): Array<Record<string, unknown>> {
    return this.raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

describe('createPlatformLogger', () => {
  it('puts the request id on every line written while the request is served, once', async () => {
    const logs = new RawLines();
    const logger = createPlatformLogger(config, 'probe', logs);
    runInRequest('req-7', () => {
      logger.info('plain');
      logger.child({ requestId: 'message-9' }).info('bound');
    });
    logger.info('outside');
    await new Promise((done) => setImmediate(done));
    expect(logs.lines.map(({ msg, requestId }) => [msg, requestId])).toEqual([
      ['plain', 'req-7'],
      ['bound', 'message-9'],
      ['outside', undefined],
    ]);
    // A bound logger's line holds its own id only, not a second requestId key.
    expect(logs.raw[1].match(/"requestId"/g)).toHaveLength(1);
  });

  it('scrubs secrets from every line', async () => {
    const logs = new RawLines();
    createPlatformLogger(config, 'probe', logs).warn({ user: { password: 'hunter2' } }, 'login');
    await new Promise((done) => setImmediate(done));
    expect(JSON.stringify(logs.lines)).not.toContain('hunter2');
  });
});
