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

  it('logs the end of a logged outage once, and nothing for a recovery without an outage', () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const infos = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const outage = new OutageLog('Test', (reason) => `Store unavailable (${reason})`, 'Store available again');
    outage.recovered();
    outage.report(new Error('connection refused'));
    outage.report(new Error('connection refused'));
    outage.recovered();
    outage.recovered();
    expect(errors.mock.calls).toEqual([['Store unavailable (connection refused)']]);
    expect(infos.mock.calls).toEqual([['Store available again']]);
  });

  it('keeps a flapping dependency to one outage and one recovery line per 10 s', () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const infos = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const outage = new OutageLog('Test', (reason) => `Store unavailable (${reason})`, 'Store available again');
    for (let flap = 0; flap < 30; flap++) {
      outage.report(new Error('connection reset'));
      jest.advanceTimersByTime(300);
      outage.recovered();
    }
    // 9 s of flapping: the first outage and its end only.
    expect([errors.mock.calls.length, infos.mock.calls.length]).toEqual([1, 1]);
    jest.advanceTimersByTime(1001);
    outage.report(new Error('connection reset'));
    outage.recovered();
    expect([errors.mock.calls.length, infos.mock.calls.length]).toEqual([2, 2]);
  });
});
