import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  KeyRing,
  SigningKeys,
  VaultError,
  decodePublicKey,
  publicKeyPem,
  signingKeyId,
  verifySignature,
  type SigningKeysJson,
} from './index.ts';

function vaultError(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return err as VaultError;
  }
  throw new Error('expected a VaultError');
}

// RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte, 0x72).
const RFC8032 = {
  seed: Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'),
  publicKey: Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex'),
  emptySignature:
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};

function ringOf(seed: Buffer, publicKey: Buffer): SigningKeysJson {
  const id = signingKeyId(publicKey);
  return { active: id, keys: { [id]: { privateKey: seed.toString('base64'), publicKey: publicKey.toString('base64') } } };
}

const message = Buffer.from('{"type":"test","n":1}');

describe('signing key ids', () => {
  it('are ed25519- and the first 16 hex digits of SHA-256 over the raw public key', () => {
    const expected = `ed25519-${createHash('sha256').update(RFC8032.publicKey).digest('hex').slice(0, 16)}`;
    expect(signingKeyId(RFC8032.publicKey)).toBe(expected);
    const keys = SigningKeys.generate(new Date());
    const [published] = keys.publicKeys();
    expect(published!.keyId).toBe(signingKeyId(Buffer.from(published!.publicKey, 'base64')));
    expect(keys.activeId).toMatch(/^ed25519-[0-9a-f]{16}$/);
  });
});

describe('SigningKeys', () => {
  it('signs as RFC 8032 says (known answer), deterministically', () => {
    const keys = SigningKeys.parse(ringOf(RFC8032.seed, RFC8032.publicKey));
    const sig = keys.sign(Buffer.alloc(0));
    expect(sig).toEqual({
      keyId: signingKeyId(RFC8032.publicKey),
      alg: 'Ed25519',
      value: Buffer.from(RFC8032.emptySignature, 'hex').toString('base64'),
    });
    expect(keys.sign(message)).toEqual(keys.sign(message));
  });

  it('verifies its own signatures, and node:crypto verifies them with the published PEM', () => {
    const keys = SigningKeys.generate(new Date('2026-11-25T00:00:00Z'));
    const sig = keys.sign(message);
    expect(keys.verify(message, sig)).toEqual({ ok: true, keyId: keys.activeId });
    const [pub] = keys.publicKeys();
    expect(pub).toEqual({
      keyId: keys.activeId,
      alg: 'Ed25519',
      publicKey: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=]+\n-----END PUBLIC KEY-----\n$/),
      active: true,
      createdAt: '2026-11-25T00:00:00.000Z',
    });
    expect(verify(null, message, createPublicKey(pub!.publicKeyPem), Buffer.from(sig.value, 'base64'))).toBe(true);
    expect(publicKeyPem(Buffer.from(pub!.publicKey, 'base64'))).toBe(pub!.publicKeyPem);
  });

  it('refuses a changed message, a changed signature, another key id and another algorithm', () => {
    const keys = SigningKeys.generate(new Date());
    const sig = keys.sign(message);
    for (let i = 0; i < message.length; i++) {
      const changed = Buffer.from(message);
      changed[i]! ^= 0x01;
      expect(keys.verify(changed, sig)).toMatchObject({ ok: false, reason: 'bad_signature' });
    }
    const raw = Buffer.from(sig.value, 'base64');
    for (let i = 0; i < raw.length; i++) {
      const changed = Buffer.from(raw);
      changed[i]! ^= 0x80;
      expect(keys.verify(message, { ...sig, value: changed.toString('base64') })).toMatchObject({ ok: false, reason: 'bad_signature' });
    }
    expect(keys.verify(message, { ...sig, value: raw.subarray(0, 63).toString('base64') })).toMatchObject({ reason: 'bad_signature' });
    expect(keys.verify(message, { ...sig, value: `${sig.value}!` })).toMatchObject({ reason: 'bad_signature' });
    expect(keys.verify(message, { ...sig, keyId: 'ed25519-0000000000000000' })).toMatchObject({ reason: 'unknown_key' });
    expect(keys.verify(message, { ...sig, alg: 'RS256' as 'Ed25519' })).toMatchObject({ reason: 'unsupported_alg' });
    // Another key's signature under this key's name.
    const other = SigningKeys.generate(new Date()).sign(message);
    expect(keys.verify(message, { ...other, keyId: keys.activeId })).toMatchObject({ reason: 'bad_signature' });
  });

  it('rotation adds an active key, keeps the old ones verifying, and leaves the old instance alone', () => {
    const old = SigningKeys.generate(new Date('2026-01-01T00:00:00Z'));
    const before = old.sign(message);
    const rotated = old.withNewActiveKey(new Date('2026-06-01T00:00:00Z'));
    expect(rotated.ids()).toEqual([old.activeId, rotated.activeId]);
    expect(old.ids()).toEqual([old.activeId]);
    const after = rotated.sign(message);
    expect(after.keyId).toBe(rotated.activeId);
    expect(rotated.verify(message, before)).toEqual({ ok: true, keyId: old.activeId });
    expect(rotated.verify(message, after)).toEqual({ ok: true, keyId: rotated.activeId });
    expect(old.verify(message, after)).toMatchObject({ reason: 'unknown_key' });
    expect(rotated.publicKeys().map((k) => [k.keyId, k.active, k.createdAt])).toEqual([
      [old.activeId, false, '2026-01-01T00:00:00.000Z'],
      [rotated.activeId, true, '2026-06-01T00:00:00.000Z'],
    ]);
    expect(SigningKeys.parse(rotated.toJSON()).toJSON()).toEqual(rotated.toJSON());
  });

  it('keeps verifying with a retired key whose private part was removed, which can no longer be active', () => {
    const rotated = SigningKeys.generate(new Date()).withNewActiveKey(new Date());
    const [oldId] = rotated.ids();
    const json = rotated.toJSON();
    const oldSig = SigningKeys.parse({ active: oldId, keys: { [oldId!]: json.keys[oldId!] } }).sign(message);
    delete json.keys[oldId!]!.privateKey;
    const retired = SigningKeys.parse(json);
    expect(retired.verify(message, oldSig)).toEqual({ ok: true, keyId: oldId });
    expect(retired.publicKeys()).toHaveLength(2);
    expect(vaultError(() => SigningKeys.parse({ ...json, active: oldId })).message).toMatch(/active key .* has no private key/);
  });

  it('rejects malformed signing sections with bad_key, naming no key material', () => {
    const good = SigningKeys.generate(new Date()).toJSON();
    const id = good.active;
    const entry = good.keys[id]!;
    const otherPublic = SigningKeys.generate(new Date()).publicKeys()[0]!.publicKey;
    const cases: Array<[unknown, RegExp]> = [
      [null, /expected an object/],
      [{ active: id }, /"keys" must be an object/],
      [{ active: id, keys: {} }, /"keys" is empty/],
      [{ active: 'nope', keys: good.keys }, /"active" must name a key/],
      [{ active: 'kek-1', keys: { 'kek-1': entry } }, /key id "kek-1" must match/],
      [{ active: id, keys: { [id]: 'a string' } }, /must be an object/],
      [{ active: id, keys: { [id]: { ...entry, publicKey: otherPublic } } }, /id is not derived from its public key/],
      [{ active: id, keys: { [id]: { ...entry, publicKey: randomBytes(31).toString('base64') } } }, /"publicKey" must be 32 bytes/],
      [{ active: id, keys: { [id]: { ...entry, privateKey: randomBytes(32).toString('base64') } } }, /private key does not belong/],
      [{ active: id, keys: { [id]: { ...entry, privateKey: entry.privateKey!.slice(0, -1) } } }, /"privateKey" must be a 32-byte seed/],
      [{ active: id, keys: { [id]: { ...entry, createdAt: 'yesterday' } } }, /"createdAt" must be an ISO date/],
    ];
    for (const [json, pattern] of cases) {
      const err = vaultError(() => SigningKeys.parse(json));
      expect(err.code).toBe('bad_key');
      expect(err.message).toMatch(/^invalid key ring: "signing": /);
      expect(err.message).toMatch(pattern);
      expect(err.message).not.toContain(entry.privateKey!);
    }
  });

  it('does not print private keys when inspected, nor publish them', () => {
    const keys = SigningKeys.generate(new Date()).withNewActiveKey(new Date());
    const seeds = Object.values(keys.toJSON().keys).map((k) => k.privateKey!);
    const printed = inspect(keys) + inspect(KeyRing.generate()) + JSON.stringify(keys.publicKeys());
    for (const seed of seeds) {
      expect(printed).not.toContain(seed);
      expect(printed).not.toContain(Buffer.from(seed, 'base64').toString('hex'));
      expect(printed).not.toContain(Buffer.from(seed, 'base64').toString('base64url'));
    }
    expect(inspect(keys)).toContain(keys.activeId);
  });
});

describe('verifySignature and decodePublicKey (what an offline verifier has: published keys only)', () => {
  it('verifies with a map of raw public keys and checks that ids match their keys', () => {
    const keys = SigningKeys.generate(new Date());
    const sig = keys.sign(message);
    const pub = keys.publicKeys()[0]!;
    const raw = decodePublicKey(pub.keyId, pub.publicKey);
    expect(verifySignature(message, sig, new Map([[pub.keyId, raw]]))).toEqual({ ok: true, keyId: pub.keyId });
    expect(vaultError(() => decodePublicKey('ed25519-0000000000000000', pub.publicKey)).message).toMatch(/does not match its key id/);
    expect(vaultError(() => decodePublicKey(pub.keyId, `${pub.publicKey.slice(0, -2)}B=`)).message).toMatch(/canonical base64/);
  });
});

describe('KeyRing with signing keys', () => {
  const kek = () => randomBytes(32).toString('base64');

  it('reads a key ring from before signatures (no "signing") and adds the first signing key on request', () => {
    const old = KeyRing.parse({ active: 'a', keys: { a: kek() } });
    expect(old.signing).toBeNull();
    expect(old.toJSON()).not.toHaveProperty('signing');
    const upgraded = old.withNewSigningKey(new Date());
    expect(upgraded.signing!.ids()).toHaveLength(1);
    expect(upgraded.activeId).toBe('a');
    expect(upgraded.toJSON().keys).toEqual(old.toJSON().keys);
    expect(KeyRing.parse(JSON.stringify(upgraded)).toJSON()).toEqual(upgraded.toJSON());
    expect(inspect(upgraded)).toContain(`signing: '${upgraded.signing!.activeId}'`);
  });

  it('generates KEK and signing key together; KEK rotation keeps the signing keys, signing rotation keeps the KEKs', () => {
    const ring = KeyRing.generate();
    expect(ring.signing).not.toBeNull();
    const kekRotated = ring.withNewActiveKey();
    expect(kekRotated.toJSON().signing).toEqual(ring.toJSON().signing);
    const signRotated = kekRotated.withNewSigningKey(new Date());
    expect(signRotated.toJSON().keys).toEqual(kekRotated.toJSON().keys);
    expect(signRotated.activeId).toBe(kekRotated.activeId);
    expect(signRotated.signing!.ids()).toEqual([ring.signing!.activeId, signRotated.signing!.activeId]);
  });

  it('reports a bad signing section as an invalid key ring', () => {
    const err = vaultError(() => KeyRing.parse({ active: 'a', keys: { a: kek() }, signing: { active: 'x', keys: {} } }));
    expect(err.code).toBe('bad_key');
    expect(err.message).toMatch(/invalid key ring: "signing": "keys" is empty/);
  });
});
