import { describe, expect, it } from 'vitest';
import { NO_MARKS, rangeFromMarks } from './marks';

describe('rangeFromMarks', () => {
  it('uses the marked range when both ends are set', () => {
    expect(rangeFromMarks({ inMs: 10_000, outMs: 15_000 }, 40_000, 60_000)).toEqual({ startMs: 10_000, endMs: 15_000 });
  });

  it('runs from the in mark to the playhead, or five seconds on when the playhead is before it', () => {
    expect(rangeFromMarks({ inMs: 10_000, outMs: null }, 12_500, 60_000)).toEqual({ startMs: 10_000, endMs: 12_500 });
    expect(rangeFromMarks({ inMs: 10_000, outMs: null }, 3_000, 60_000)).toEqual({ startMs: 10_000, endMs: 15_000 });
  });

  it('takes the five seconds before an out mark, or before the playhead with no marks', () => {
    expect(rangeFromMarks({ inMs: null, outMs: 20_000 }, 0, 60_000)).toEqual({ startMs: 15_000, endMs: 20_000 });
    expect(rangeFromMarks(NO_MARKS, 30_000, 60_000)).toEqual({ startMs: 25_000, endMs: 30_000 });
    expect(rangeFromMarks(NO_MARKS, 0, 60_000)).toEqual({ startMs: 0, endMs: 5_000 });
  });

  it('stays inside the recording and at least a tenth of a second long', () => {
    expect(rangeFromMarks({ inMs: 58_000, outMs: null }, 0, 60_000)).toEqual({ startMs: 58_000, endMs: 60_000 });
    expect(rangeFromMarks({ inMs: 60_000, outMs: null }, 0, 60_000)).toEqual({ startMs: 59_900, endMs: 60_000 });
    expect(rangeFromMarks({ inMs: null, outMs: 2_000 }, 0, null)).toEqual({ startMs: 0, endMs: 2_000 });
  });
});
