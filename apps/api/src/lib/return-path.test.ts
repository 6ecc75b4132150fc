import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path.ts';

describe('safeReturnPath', () => {
  it('keeps a path on this origin with its query and fragment', () => {
    expect(safeReturnPath('/recordings/abc?state=ready#player')).toBe('/recordings/abc?state=ready#player');
    expect(safeReturnPath('/audit')).toBe('/audit');
  });

  it.each([
    null,
    undefined,
    '',
    'recordings',
    '//evil.example/x',
    '/\\evil.example',
    '/\\/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/x\r\nSet-Cookie: a=b',
    '/\tevil',
    '/api/auth/logout',
    '/login',
    `/${'a'.repeat(2001)}`,
  ])('sends %j home instead', (value) => {
    expect(safeReturnPath(value)).toBe('/');
  });
});
