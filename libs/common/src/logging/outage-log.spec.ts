import { Logger } from '@nestjs/common';
import { OutageLog } from './outage-log.js';

describe('OutageLog', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-04T12:00:00Z') }));
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('logs an ongoing outage once per 10 s, with the failure’s message', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const outage = new OutageLog('Test', (reason) => `Store unavailable (${reason})`);
    outage.report(new Error('connection refused'));
    jest.advanceTimersByTime(10_000);
    outage.report(new Error('connection refused'));
    expect(logged.mock.calls).toEqual([['Store unavailable (connection refused)']]);
    jest.advanceTimersByTime(1);
    outage.report('timeout');
    expect(logged.mock.calls).toEqual([['Store unavailable (connection refused)'], ['Store unavailable (timeout)']]);
  });
});
