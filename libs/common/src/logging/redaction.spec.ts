import { REDACTED, redactUrl, scrubSecrets } from './redaction.js';

describe('scrubSecrets', () => {
  it('replaces secret values at any depth, whatever the key case, and keeps everything else', () => {
    const fields = {
      msg: 'login',
      user: { email: 'a@example.com', password: 'p1', nested: { deeper: { ApiKey: 'k1', ok: 1 } } },
      Authorization: 'Bearer t1',
      list: [{ refreshToken: 'r1' }, 'plain'],
    };
    expect(scrubSecrets(fields)).toEqual({
      msg: 'login',
      user: { email: 'a@example.com', password: REDACTED, nested: { deeper: { ApiKey: REDACTED, ok: 1 } } },
      Authorization: REDACTED,
      list: [{ refreshToken: REDACTED }, 'plain'],
    });
    // The caller's object is left alone.
    expect(fields.user.password).toBe('p1');
  });

  it('scrubs errors: type, message and stack kept, secret properties replaced', () => {
    const error = Object.assign(new TypeError('upstream failed'), { config: { headers: { authorization: 'Bearer e1', accept: 'json' } } });
    const scrubbed = scrubSecrets({ err: error }).err as Record<string, unknown>;
    expect(scrubbed).toMatchObject({ type: 'TypeError', message: 'upstream failed', config: { headers: { authorization: REDACTED, accept: 'json' } } });
    expect(scrubbed.stack).toContain('upstream failed');
  });

  it('is bounded: cycles, deep nesting and huge objects are cut, not walked forever', () => {
    const cyclic: Record<string, unknown> = { token: 'c1' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { secret: 'd1' };
    for (let level = 0; level < 50; level++) deep = { deep };
    const huge = Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`k${index}`, { password: `h${index}` }]));
    const text = JSON.stringify(scrubSecrets({ cyclic, deep, huge }));
    expect(text).not.toMatch(/c1|d1|"h\d+"/);
    expect(text.length).toBeLessThan(50_000);
  });

  it('returns a line without objects or secrets as it is', () => {
    const fields = { msg: 'ok', statusCode: 200 };
    expect(scrubSecrets(fields)).toBe(fields);
  });
});

describe('redactUrl', () => {
  it('redacts secret-looking query values only', () => {
    expect(redactUrl('/reset?token=abc&page=2&apiKey=x')).toBe('/reset?token=[Redacted]&page=2&apiKey=[Redacted]');
    expect(redactUrl('/todos/1')).toBe('/todos/1');
  });
});
