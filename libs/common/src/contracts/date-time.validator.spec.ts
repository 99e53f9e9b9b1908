import { validateSync } from 'class-validator';
import { IsDateTime } from './date-time.validator.js';

class Probe {
  @IsDateTime()
  at!: unknown;
}

const valid = (at: unknown) => {
  const probe = new Probe();
  probe.at = at;
  return validateSync(probe).length === 0;
};

describe('IsDateTime', () => {
  it.each(['2026-12-01T17:00:00Z', '2026-12-01T17:00:00.123Z', '2026-12-01T23:30:00-05:00', '2024-02-29T00:00:00+01:00'])('accepts %s', (at) => {
    expect(valid(at)).toBe(true);
  });

  it.each(['2026-W01', '2026-W01-1', '-2026-01-01T00:00:00Z', '2026-12-01', '2026-02-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-12-01T24:00:00Z', '2026-12-01 17:00:00Z', 20261201, null])(
    'refuses %s',
    (at) => {
      expect(valid(at)).toBe(false);
    },
  );
});
