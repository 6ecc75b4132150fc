import { describe, expect, it } from 'vitest';
import {
  elapsedSince,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatPreciseOffset,
  formatTime,
  minutesUntil,
  parseOffset,
  shortenHash,
} from './format';

describe('formatDateTime', () => {
  it('renders a UTC instant in Asia/Tokyo', () => {
    expect(formatDateTime('2026-01-01T00:00:00Z')).toBe('2026/01/01 09:00');
  });

  it('crosses the date line into the next Tokyo day', () => {
    expect(formatDateTime('2026-03-31T15:30:45Z', { seconds: true })).toBe('2026/04/01 00:30:45');
    expect(formatTime('2026-03-31T15:30:45Z')).toBe('00:30:45');
  });

  it('honours offsets in the input and shows an em dash for garbage', () => {
    expect(formatDateTime('2026-01-01T09:00:00+09:00')).toBe('2026/01/01 09:00');
    expect(formatDateTime('not a date')).toBe('—');
  });
});

describe('formatDuration', () => {
  it('formats minutes and hours', () => {
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(null)).toBe('—');
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(48_234_112)).toBe('46.0 MiB');
    expect(formatBytes(null)).toBe('—');
  });
});

describe('shortenHash / minutesUntil', () => {
  it('keeps the head and tail of a long hash', () => {
    expect(shortenHash('0123456789abcdef0123456789abcdef')).toBe('0123456789ab…abcdef');
    expect(shortenHash('abc')).toBe('abc');
  });

  it('rounds remaining minutes up and stops at zero', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(minutesUntil('2026-01-01T00:14:01Z', now)).toBe(15);
    expect(minutesUntil('2026-01-01T00:00:00Z', now)).toBe(0);
  });
});

describe('formatPreciseOffset / parseOffset', () => {
  it('shows an offset to the tenth of a second and reads it back', () => {
    expect(formatPreciseOffset(65_340)).toBe('1:05.3');
    expect(formatPreciseOffset(0)).toBe('0:00.0');
    expect(formatPreciseOffset(3_723_950)).toBe('1:02:03.9');
    for (const ms of [0, 100, 65_300, 3_723_900]) expect(parseOffset(formatPreciseOffset(ms))).toBe(ms);
  });

  it('takes seconds, m:ss and h:mm:ss, and refuses what is not a time', () => {
    expect(parseOffset('95')).toBe(95_000);
    expect(parseOffset(' 1:35.25 ')).toBe(95_250);
    expect(parseOffset('1:00:00')).toBe(3_600_000);
    expect(parseOffset('1:75')).toBeNull();
    expect(parseOffset('1:60:00')).toBeNull();
    expect(parseOffset('abc')).toBeNull();
    expect(parseOffset('')).toBeNull();
    expect(parseOffset('-5')).toBeNull();
  });
});

describe('elapsedSince', () => {
  it('splits the time since an instant into days, hours, minutes and seconds, never negative', () => {
    const now = Date.parse('2026-01-02T03:04:05Z');
    expect(elapsedSince('2026-01-01T00:00:00Z', now)).toEqual({ days: 1, hours: 3, minutes: 4, seconds: 5 });
    expect(elapsedSince('2026-01-03T00:00:00Z', now)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0 });
  });
});
