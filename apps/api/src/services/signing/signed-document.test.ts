import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { KeyRingFile } from '../../repositories/keyring-file.ts';
import { parsePublishedKeys, signDocument, verifySignedDocument, type SignedDocument } from './signed-document.ts';

// Signing needs only the key ring file; verifying needs only the published keys.

let dir: string;
let keys: KeyRingFile;
const published = () => ({ keys: keys.current().signing!.publicKeys() });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kura-sign-'));
  keys = (await KeyRingFile.open(path.join(dir, 'keyring.json'), { create: true })).file;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const payload = {
  type: 'kura.test/v1',
  packetId: 'pkt_01',
  agency: { ref: 'a1', name: 'さくら事務所' },
  items: [{ recordingId: 'rec_1', startMs: 0, endMs: 12_500, sha256: 'ab'.repeat(32) }],
  createdAt: '2026-11-25T10:00:00.000Z',
  note: 'line one\nline two "quoted" \\ 😀',
  shared: true,
  revokedAt: null,
};

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('signDocument / verifySignedDocument', () => {
  it('signs the canonical payload and verifies it, also after a trip through JSON with other spacing and key order', async () => {
    const doc = await signDocument({ keys }, payload);
    expect(doc.payload).toBe(payload);
    expect(doc.signature).toEqual({ keyId: keys.current().signing!.activeId, alg: 'Ed25519', value: expect.any(String) });
    expect(verifySignedDocument(doc, published())).toEqual({ ok: true, keyId: doc.signature.keyId, type: 'kura.test/v1' });

    const reordered = { signature: doc.signature, payload: Object.fromEntries(Object.entries(clone(payload)).reverse()) };
    expect(verifySignedDocument(JSON.parse(JSON.stringify(reordered, null, 4)), published())).toMatchObject({ ok: true });
    expect(verifySignedDocument(doc, published().keys, { type: 'kura.test/v1' })).toMatchObject({ ok: true });
  });

  it('covers every key JSON can hold, "__proto__" included', async () => {
    const odd = JSON.parse('{"type":"kura.test/v1","__proto__":{"x":1},"constructor":2}') as typeof payload;
    const doc = await signDocument({ keys }, odd);
    const read = JSON.parse(JSON.stringify(doc)) as SignedDocument;
    expect(verifySignedDocument(read, published())).toMatchObject({ ok: true });
    const dropped = JSON.parse(JSON.stringify(doc).replace('"__proto__":{"x":1},', '')) as unknown;
    expect(verifySignedDocument(dropped, published())).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('fails, naming why, for any change to payload or signature, another type, or an unknown key', async () => {
    const doc = await signDocument({ keys }, payload);
    const fail = (d: unknown, opts = {}) => verifySignedDocument(d, published(), opts);
    const changed = (f: (d: SignedDocument) => void) => {
      const d = clone(doc);
      f(d);
      return d;
    };
    expect(fail(changed((d) => ((d.payload.items as Array<{ endMs: number }>)[0]!.endMs = 12_501)))).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(fail(changed((d) => (d.payload.extra = 1)))).toMatchObject({ reason: 'bad_signature' });
    expect(fail(changed((d) => delete d.payload.revokedAt))).toMatchObject({ reason: 'bad_signature' });
    expect(fail(changed((d) => (d.payload.note = `${payload.note} `)))).toMatchObject({ reason: 'bad_signature' });
    expect(fail(changed((d) => (d.payload.type = 'kura.other/v1')))).toMatchObject({ reason: 'bad_signature' });
    expect(fail(doc, { type: 'kura.other/v1' })).toMatchObject({ reason: 'wrong_type', message: expect.stringContaining('kura.other/v1') });
    const sig = Buffer.from(doc.signature.value, 'base64');
    sig[10]! ^= 1;
    expect(fail(changed((d) => (d.signature.value = sig.toString('base64'))))).toMatchObject({ reason: 'bad_signature' });
    expect(fail(changed((d) => (d.signature.keyId = 'ed25519-0123456789abcdef')))).toMatchObject({ reason: 'unknown_key' });
    expect(fail(changed((d) => ((d.signature as { alg: string }).alg = 'EdDSA')))).toMatchObject({ reason: 'unsupported_alg' });
    for (const bad of [null, 'text', [], {}, { payload }, { signature: doc.signature }, { payload: { n: 1 }, signature: doc.signature }]) {
      expect(fail(bad)).toMatchObject({ ok: false, reason: 'malformed' });
    }
    // A number JSON.parse turns into Infinity cannot be canonicalised: malformed, not a crash.
    const huge = JSON.parse(JSON.stringify(doc).replace('"endMs":12500', '"endMs":1e400')) as unknown;
    expect(fail(huge)).toMatchObject({ reason: 'malformed' });
  });

  it('keeps verifying old documents after a rotation; a key list from before the rotation does not know the new key', async () => {
    const before = published();
    const oldDoc = await signDocument({ keys }, payload);
    await keys.replace(keys.current().withNewSigningKey(new Date()));
    const newDoc = await signDocument({ keys }, payload);
    expect(newDoc.signature.keyId).not.toBe(oldDoc.signature.keyId);
    expect(verifySignedDocument(oldDoc, published())).toMatchObject({ ok: true, keyId: oldDoc.signature.keyId });
    expect(verifySignedDocument(newDoc, published())).toMatchObject({ ok: true, keyId: newDoc.signature.keyId });
    expect(verifySignedDocument(newDoc, before)).toMatchObject({ ok: false, reason: 'unknown_key' });
  });

  it('refuses payloads plain tools could canonicalise differently, or that are not JSON', async () => {
    const refused = async (p: unknown) => expect(signDocument({ keys }, p as typeof payload)).rejects.toThrow();
    await refused({ n: 1 });
    await refused({ type: '' });
    await expect(signDocument({ keys }, { type: 't', ratio: 0.5 })).rejects.toThrow(/safe integers; \$\.ratio is 0\.5/);
    await expect(signDocument({ keys }, { type: 't', big: 2 ** 53 })).rejects.toThrow(/safe integers/);
    await expect(signDocument({ keys }, { type: 't', names: { 名前: 'x' } })).rejects.toThrow(/printable ASCII keys/);
    await expect(signDocument({ keys }, { type: 't', at: new Date() })).rejects.toThrow(/Date object/);
    await expect(signDocument({ keys }, { type: 't', gone: undefined })).rejects.toThrow(/undefined/);
    await expect(signDocument({ keys }, { type: 't', s: '\ud800' })).rejects.toThrow(/lone surrogate/);
  });
});

describe('parsePublishedKeys', () => {
  const badKeys = (json: unknown) => {
    try {
      parsePublishedKeys(json);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('bad_signing_keys');
      return (err as AppError).message;
    }
    throw new Error('expected bad_signing_keys');
  };

  it('refuses key lists whose ids, keys and PEMs do not agree', async () => {
    const good = published().keys;
    const [a, b] = good;
    expect(parsePublishedKeys({ keys: good }).size).toBe(good.length);
    expect(badKeys(null)).toMatch(/not a Kura signing key list/);
    expect(badKeys({ keys: [{ ...a, alg: 'RSA' }] })).toMatch(/not a Kura signing key list/);
    expect(badKeys({ keys: [{ ...a, publicKey: b!.publicKey }] })).toMatch(/does not match its key id/);
    expect(badKeys({ keys: [{ ...a, publicKeyPem: b!.publicKeyPem }] })).toMatch(/PEM .* is not the same key/);
    expect(badKeys({ keys: [{ ...a, publicKey: 'AAAA' }] })).toMatch(/not 32 bytes/);
    // The verifier refuses to work from such a list rather than answering "invalid".
    const doc = await signDocument({ keys }, payload);
    expect(() => verifySignedDocument(doc, { keys: [{ ...a, publicKeyPem: b!.publicKeyPem }] })).toThrow(AppError);
  });
});
