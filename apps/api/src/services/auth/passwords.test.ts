import { describe, expect, it } from 'vitest';
import { NewPassword, hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes to scrypt$N$r$p$salt$hash with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    const [scheme, n, r, p, salt, key] = a.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(64);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and rejects others', async () => {
    const encoded = await hashPassword('パスワード-long-enough');
    expect(await verifyPassword('パスワード-long-enough', encoded)).toBe(true);
    expect(await verifyPassword('パスワード-long-enougH', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('treats unreadable or tampered hashes as a mismatch, without throwing', async () => {
    const encoded = await hashPassword('another password');
    const parts = encoded.split('$');
    const withN = (n: string) => [parts[0], n, ...parts.slice(2)].join('$');
    for (const bad of ['', 'plain', 'bcrypt$1$2$3$4$5', withN('1048576'), withN('abc'), encoded.replace(/\$[^$]+$/, '$')]) {
      expect(await verifyPassword('another password', bad)).toBe(false);
    }
  });

  it('the dummy check never matches', async () => {
    expect(await verifyAgainstDummy('anything at all')).toBe(false);
  });

  it('new passwords need at least 12 characters', () => {
    expect(NewPassword.safeParse('short-pw').success).toBe(false);
    expect(NewPassword.safeParse('twelve-chars').success).toBe(true);
  });
});
