import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKuraOffline } from '../../../../test/support/cli.ts';
import { KeyRingFile } from '../repositories/keyring-file.ts';
import { signDocument } from '../services/signing/signed-document.ts';

// `pnpm kura signature verify` as an agency runs it: no Kura, no database, no S3, no key ring
// (runKuraOffline points all of those at nothing), only a document and the published keys.

let dir: string;
let server: Server;
let keysUrl: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kura-sigcli-'));
  const keys = (await KeyRingFile.open(path.join(dir, 'keyring.json'), { create: true })).file;
  const oldDoc = await signDocument({ keys }, { type: 'kura.test/v1', id: 'doc-old', n: 1 });
  await keys.replace(keys.current().withNewSigningKey(new Date()));
  const doc = await signDocument({ keys }, { type: 'kura.test/v1', id: 'doc-1', items: [{ ms: 1500 }], note: '事務所 😀' });
  const published = JSON.stringify({ keys: keys.current().signing!.publicKeys() });
  const tampered = structuredClone(doc);
  tampered.payload.id = 'doc-2';
  const [first] = keys.current().signing!.publicKeys();
  await Promise.all([
    writeFile(file('doc.json'), JSON.stringify(doc, null, 2)),
    writeFile(file('old.json'), JSON.stringify(oldDoc)),
    writeFile(file('tampered.json'), JSON.stringify(tampered)),
    writeFile(file('not-json.json'), '{"payload":'),
    writeFile(file('keys.json'), published),
    writeFile(file('old-keys.json'), JSON.stringify({ keys: [first] })),
    writeFile(file('bad-keys.json'), JSON.stringify({ keys: [{ ...first, keyId: 'ed25519-0000000000000000' }] })),
  ]);
  server = createServer((req, res) => {
    if (req.url === '/.well-known/kura-signing-keys.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(published);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  keysUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/kura-signing-keys.json`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const verify = (...args: string[]) => runKuraOffline(['signature', 'verify', ...args], dir);
const result = (stdout: string) => JSON.parse(stdout.trim()) as Record<string, unknown>;

describe('kura signature verify', () => {
  it('exit 0 for a good document, with relative paths, from files or a URL, old keys included', async () => {
    const ok = await verify('doc.json', '--keys', 'keys.json');
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    expect(result(ok.stdout)).toEqual({ valid: true, keyId: expect.stringMatching(/^ed25519-/), type: 'kura.test/v1' });

    const old = await verify(file('old.json'), '--keys', keysUrl, '--type', 'kura.test/v1');
    expect(old, old.stderr).toMatchObject({ code: 0 });
    expect(result(old.stdout)).toMatchObject({ valid: true });
  });

  it('exit 1 naming the reason when the document does not verify', async () => {
    const cases: Array<[string[], string]> = [
      [['tampered.json', '--keys', 'keys.json'], 'bad_signature'],
      [['doc.json', '--keys', 'old-keys.json'], 'unknown_key'],
      [['doc.json', '--keys', 'keys.json', '--type', 'kura.other/v1'], 'wrong_type'],
      [['not-json.json', '--keys', 'keys.json'], 'malformed'],
      [['keys.json', '--keys', 'keys.json'], 'malformed'],
    ];
    for (const [args, reason] of cases) {
      const r = await verify(...args);
      expect({ args, code: r.code, reason: result(r.stdout).reason, valid: result(r.stdout).valid }).toEqual({
        args,
        code: 1,
        reason,
        valid: false,
      });
    }
  });

  it('exit 2 when it cannot check: usage, unreadable input, a key list that does not hold together', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['doc.json'], /usage: kura signature verify/],
      [['--keys', 'keys.json'], /expected <document.json>/],
      [['doc.json', 'other.json', '--keys', 'keys.json'], /expected <document.json>/],
      [['doc.json', '--keys', 'keys.json', '--bogus'], /Unknown option '--bogus'/],
      [['missing.json', '--keys', 'keys.json'], /cannot read document missing.json: ENOENT/],
      [['doc.json', '--keys', 'not-json.json'], /not-json.json is not JSON/],
      [['doc.json', '--keys', 'bad-keys.json'], /does not match its key id/],
      [['doc.json', '--keys', keysUrl.replace('kura-signing-keys', 'nothing')], /cannot read signing keys .*: HTTP 404/],
    ];
    for (const [args, message] of cases) {
      const r = await verify(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
