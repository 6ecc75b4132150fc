import { describe, expect, it } from 'vitest';
import { partSizeFor } from './object-store.ts';

const MiB = 1024 * 1024;

describe('multipart part size', () => {
  it('is 8 MiB (S3’s smallest is 5) for anything 9,000 of them hold', () => {
    expect(partSizeFor()).toBe(8 * MiB);
    expect(partSizeFor(70 * 1024 ** 3)).toBe(8 * MiB);
  });

  it('grows in whole MiB so that no object of up to maxBytes needs more than 9,000 parts', () => {
    for (const max of [80 * 1024 ** 3, 100 * 1024 ** 3, 5 * 1024 ** 4]) {
      const part = partSizeFor(max);
      expect(part % MiB).toBe(0);
      expect(Math.ceil(max / part)).toBeLessThanOrEqual(9_000);
      expect(part).toBeGreaterThan(8 * MiB);
    }
  });
});
