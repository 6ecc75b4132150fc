import { describe, expect, it } from 'vitest';
import { tokyoDay } from './tokyo-day.ts';

describe('tokyoDay', () => {
  it('turns over at midnight in Tokyo, which is 15:00 UTC the day before', () => {
    expect(tokyoDay(new Date('2026-12-01T14:59:59.999Z'))).toBe('2026-12-01');
    expect(tokyoDay(new Date('2026-12-01T15:00:00.000Z'))).toBe('2026-12-02');
    expect(tokyoDay(new Date('2026-12-31T23:30:00+09:00'))).toBe('2026-12-31');
    expect(tokyoDay(new Date('2027-01-01T00:00:00+09:00'))).toBe('2027-01-01');
  });
});
