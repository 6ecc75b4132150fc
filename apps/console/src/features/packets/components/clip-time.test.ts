import { describe, expect, it } from 'vitest';
import { formatClipTime, parseClipTime } from './clip-time';

describe('clip times', () => {
  it('reads minutes and seconds, hours, fractions and plain seconds', () => {
    expect(parseClipTime('1:05')).toBe(65_000);
    expect(parseClipTime(' 01:05 ')).toBe(65_000);
    expect(parseClipTime('0:00')).toBe(0);
    expect(parseClipTime('12:34')).toBe(754_000);
    expect(parseClipTime('1:02:03')).toBe(3_723_000);
    expect(parseClipTime('1:02:03.5')).toBe(3_723_500);
    expect(parseClipTime('0:01.25')).toBe(1_250);
    expect(parseClipTime('90')).toBe(90_000);
    expect(parseClipTime('75:00')).toBe(4_500_000);
  });

  it('refuses what is not a time', () => {
    for (const bad of ['', ':', '1:', '1:5:', '1:60', '1:60:00', 'a:bc', '1:05.1234', '-1:00', '1,05', '1:2:3:4']) {
      expect(parseClipTime(bad), bad).toBeNull();
    }
  });

  it('writes what it reads', () => {
    for (const ms of [0, 1_250, 65_000, 754_000, 3_723_500, 4_500_000]) expect(parseClipTime(formatClipTime(ms))).toBe(ms);
    expect(formatClipTime(65_000)).toBe('1:05');
    expect(formatClipTime(3_723_500)).toBe('1:02:03.5');
    expect(formatClipTime(1_250)).toBe('0:01.25');
  });
});
