import { describe, expect, it } from 'vitest';
import { passwordStrength } from './password-strength';

describe('passwordStrength', () => {
  it('counts what is missing up to the 12 characters the API requires', () => {
    expect(passwordStrength('')).toEqual({ level: 'empty' });
    expect(passwordStrength('abc')).toEqual({ level: 'too_short', missing: 9 });
    expect(passwordStrength('abcdefghijk')).toEqual({ level: 'too_short', missing: 1 });
  });

  it('calls long passphrases and mixed 12-character strings strong', () => {
    expect(passwordStrength('correct horse battery')).toEqual({ level: 'strong' });
    expect(passwordStrength('Abcdefgh1234')).toEqual({ level: 'strong' });
  });

  it('calls short single-kind or repetitive passwords fair', () => {
    expect(passwordStrength('abcdefghijkl')).toEqual({ level: 'fair' });
    expect(passwordStrength('aaaaaaaaaaaaaaaaaaaa')).toEqual({ level: 'fair' });
  });
});
