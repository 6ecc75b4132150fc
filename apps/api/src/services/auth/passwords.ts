import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';

// scrypt is in node:crypto, so there is no native dependency to build. N=2^15, r=8 costs
// 32 MiB and ~100 ms per guess, which makes a leaked hash table expensive to attack.
const N = 2 ** 15;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 64;
// Node refuses any scrypt needing more than maxmem (default 32 MiB); 128*N*r is exactly that,
// so leave headroom. The cap on N when verifying keeps a tampered hash from costing more.
const MAX_N = 2 ** 17;
const maxmemFor = (n: number, r: number) => 2 * 128 * n * r;

/** Policy for new or changed passwords; existing hashes are never re-checked against it. */
export const NewPassword = z.string().min(12, 'at least 12 characters').max(1024);

function derive(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, { N, r: R, p: P, maxmem: maxmemFor(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** False for a wrong password and for any hash it cannot read; never throws on bad input. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const sane = [n, r, p].every(Number.isSafeInteger) && n > 1 && n <= MAX_N && r >= 1 && r <= 16 && p >= 1 && p <= 4;
  if (!sane || salt.length === 0 || expected.length < 16) return false;
  const actual = await derive(password, salt, expected.length, { N: n, r, p, maxmem: maxmemFor(n, r) });
  return timingSafeEqual(actual, expected);
}

// Made once per process, in the background at import, so the first unknown-email sign-in is
// not slower than a known one (its secret is random and thrown away: nothing can match it).
const dummyHash = hashPassword(randomBytes(32).toString('base64url'));

/**
 * Spends the same work as verifyPassword when there is no account, so response time does not
 * tell whether an email is registered. Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, await dummyHash);
  return false;
}
