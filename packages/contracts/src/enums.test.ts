import { describe, expect, it } from 'vitest';
import { formatUnplayableReason, parseUnplayableReason, unplayableReasonCodes } from './enums.ts';

describe('unplayable reasons', () => {
  it('round-trip every code, with and without a detail', () => {
    for (const code of unplayableReasonCodes) {
      expect(parseUnplayableReason(formatUnplayableReason(code))).toEqual({ code, detail: null });
      expect(parseUnplayableReason(formatUnplayableReason(code, 'ffmpeg: Invalid data\n  found'))).toEqual({
        code,
        detail: 'ffmpeg: Invalid data found',
      });
    }
  });

  it('keep text that carries no known code whole, as the detail', () => {
    expect(parseUnplayableReason('moov atom not found')).toEqual({ code: null, detail: 'moov atom not found' });
    expect(parseUnplayableReason('no_such_code: x')).toEqual({ code: null, detail: 'no_such_code: x' });
  });
});
