import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KeyRing, VaultError, generateDek, unwrapDek, wrapDek } from './index.ts';

function vaultError(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return err as VaultError;
  }
  throw new Error('expected a VaultError');
}

const key = () => randomBytes(32).toString('base64');

describe('wrapDek / unwrapDek', () => {
  const kek = randomBytes(32);
  const dek = generateDek();

  it('round trips, 60 bytes, fresh nonce each time', () => {
    const wrapped = wrapDek(kek, 'obj-1', dek);
    expect(wrapped.length).toBe(60);
    expect(unwrapDek(kek, 'obj-1', wrapped).equals(dek)).toBe(true);
    expect(wrapDek(kek, 'obj-1', dek).equals(wrapped)).toBe(false);
    expect(generateDek().length).toBe(32);
  });

  it('fails with bad_key for another KEK, another objectId, or any tampering', () => {
    const wrapped = wrapDek(kek, 'obj-1', dek);
    expect(vaultError(() => unwrapDek(randomBytes(32), 'obj-1', wrapped)).code).toBe('bad_key');
    expect(vaultError(() => unwrapDek(kek, 'obj-2', wrapped)).code).toBe('bad_key');
    for (let i = 0; i < wrapped.length; i += 1) {
      const bad = Buffer.from(wrapped);
      bad[i]! ^= 0x80;
      expect(vaultError(() => unwrapDek(kek, 'obj-1', bad)).code).toBe('bad_key');
    }
    expect(vaultError(() => unwrapDek(kek, 'obj-1', wrapped.subarray(0, 59))).code).toBe('bad_key');
    expect(vaultError(() => wrapDek(randomBytes(16), 'obj-1', dek)).code).toBe('bad_key');
    expect(vaultError(() => wrapDek(kek, 'obj-1', randomBytes(31))).code).toBe('bad_key');
  });
});

describe('KeyRing', () => {
  it('generates one active key with a dated id', () => {
    const ring = KeyRing.generate();
    expect(ring.activeId).toMatch(/^kek-\d{8}-[0-9a-f]{6}$/);
    expect(ring.ids()).toEqual([ring.activeId]);
    expect(Buffer.from(ring.toJSON().keys[ring.activeId]!, 'base64').length).toBe(32);
  });

  it('round trips through toJSON / parse (object or JSON text)', () => {
    const ring = KeyRing.generate().withNewActiveKey();
    const again = KeyRing.parse(ring.toJSON());
    expect(again.toJSON()).toEqual(ring.toJSON());
    expect(KeyRing.parse(JSON.stringify(ring)).toJSON()).toEqual(ring.toJSON());
    const { kekId, wrapped } = ring.wrap('obj', generateDek());
    expect(again.unwrap(kekId, 'obj', wrapped).length).toBe(32);
  });

  it('withNewActiveKey keeps old keys for unwrapping and wraps with the new one', () => {
    const old = KeyRing.generate();
    const dek = generateDek();
    const before = old.wrap('obj', dek);
    const rotated = old.withNewActiveKey();
    expect(rotated.activeId).not.toBe(old.activeId);
    expect(rotated.ids()).toEqual([old.activeId, rotated.activeId]);
    expect(rotated.has(old.activeId)).toBe(true);
    expect(old.ids()).toEqual([old.activeId]); // immutable
    expect(rotated.unwrap(before.kekId, 'obj', before.wrapped).equals(dek)).toBe(true);
    const after = rotated.wrap('obj', dek);
    expect(after.kekId).toBe(rotated.activeId);
    expect(rotated.unwrap(after.kekId, 'obj', after.wrapped).equals(dek)).toBe(true);
    expect(vaultError(() => old.unwrap(after.kekId, 'obj', after.wrapped)).code).toBe('unknown_kek');
  });

  it('unwrap errors: unknown id, wrong key for the id', () => {
    const a = KeyRing.parse({ active: 'a', keys: { a: key(), b: key() } });
    const { wrapped } = a.wrap('obj', generateDek());
    expect(vaultError(() => a.unwrap('c', 'obj', wrapped)).code).toBe('unknown_kek');
    expect(vaultError(() => a.unwrap('b', 'obj', wrapped)).code).toBe('bad_key');
    expect(vaultError(() => a.unwrap('a', 'other', wrapped)).code).toBe('bad_key');
  });

  it('rejects malformed rings with bad_key and a clear message', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /expected an object/],
      [[], /expected an object/],
      ['not json', /not valid JSON/],
      ['"a string"', /expected an object/],
      [{ active: 'a' }, /"keys" must be an object/],
      [{ active: 'a', keys: [] }, /"keys" must be an object/],
      [{ active: 'a', keys: {} }, /"keys" is empty/],
      [{ keys: { a: key() } }, /"active" must name a key id/],
      [{ active: 3, keys: { a: key() } }, /"active" must name a key id/],
      [{ active: 'b', keys: { a: key() } }, /active key "b" is not in "keys"/],
      [{ active: 'a', keys: { a: randomBytes(16).toString('base64') } }, /must be 32 bytes, got 16/],
      [{ active: 'a', keys: { a: randomBytes(33).toString('base64') } }, /must be 32 bytes, got 33/],
      [{ active: 'a', keys: { a: 42 } }, /must be a base64 string/],
      [{ active: 'a', keys: { a: `${key().slice(0, -2)}!=` } }, /must be a base64 string/],
      [{ active: 'a', keys: { a: key().slice(0, -1) } }, /not canonical base64/],
      [{ active: 'a b', keys: { 'a b': key() } }, /key id "a b" must match/],
      [{ active: 'x'.repeat(65), keys: { ['x'.repeat(65)]: key() } }, /must match/],
      [{ active: '', keys: { '': key() } }, /must match/],
    ];
    for (const [json, message] of cases) {
      const err = vaultError(() => KeyRing.parse(json));
      expect(err.code).toBe('bad_key');
      expect(err.message).toMatch(message);
    }
    expect(KeyRing.parse({ active: 'kek.1_A-b', keys: { 'kek.1_A-b': key() } }).activeId).toBe('kek.1_A-b');
  });

  it('does not print key material when inspected', () => {
    const ring = KeyRing.generate();
    const printed = inspect(ring);
    expect(printed).toContain(ring.activeId);
    expect(printed).not.toContain(ring.toJSON().keys[ring.activeId]!);
  });
});
