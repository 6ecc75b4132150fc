import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PacketDetailDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKuraOffline } from '../../../../test/support/cli.ts';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import { approve, packetBody, readyPacket, seedPacketSource } from '../../../../test/support/packets.ts';
import { grantAccess, staffSession } from '../../../../test/support/seed-recording.ts';
import { signDocument } from '../services/signing/signed-document.ts';

// What an agency does with a downloaded packet, on a machine without Kura's server: checks the
// manifest's signature against the published keys and each clip file against the manifest,
// with `pnpm kura packet verify` and with the README's plain python3 + openssl + sha256sum
// recipes. Any byte changed, in the manifest or in a clip, fails.

const ROOT = path.resolve(import.meta.dirname, '../../../..');

let h: Harness;
let packet: PacketDetailDto;
let clips: Buffer[];
let manifestJson: string;
let keysJson: string;
let base: string;
const dirs: string[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function readmeBlock(heading: string): Promise<string> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const block = readme.split(heading)[1]?.match(/```sh\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error(`README.md has no sh block under "${heading}"`);
  return block;
}

const ext = (contentType: string) => (contentType.startsWith('audio/') ? 'm4a' : contentType.endsWith('webm') ? 'webm' : 'mp4');

/** A fresh copy of the agency's folder: manifest.json, kura-signing-keys.json, clips/. */
async function agencyFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kura-agency-'));
  dirs.push(dir);
  await cp(base, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  h = await createHarness();
  const [mod, lead] = await Promise.all([staffSession(h, ['moderator']), staffSession(h, ['lead'])]);
  const source = await seedPacketSource(h, { kind: 'mp4', seconds: 6, seed: 51 });
  const ready = await readyPacket(
    h,
    mod.session,
    packetBody(source.recordingId, [
      { startMs: 0, endMs: 2_000 },
      { startMs: 2_700, endMs: 5_100 },
    ]),
  );
  packet = await jsonOf<PacketDetailDto>(await approve(h, lead.session, ready.id), 200);
  await grantAccess(h, lead.session, source.recordingId);
  clips = await Promise.all(
    packet.clips.map(async (c) => Buffer.from(await (await callApi(h, lead.session, 'GET', c.mediaUrl!)).arrayBuffer())),
  );
  manifestJson = JSON.stringify(packet.manifest, null, 2);
  keysJson = await (await fetch(`${h.baseUrl}/.well-known/kura-signing-keys.json`)).text();

  base = await mkdtemp(path.join(os.tmpdir(), 'kura-agency-base-'));
  dirs.push(base);
  await mkdir(path.join(base, 'clips'));
  await writeFile(path.join(base, 'manifest.json'), manifestJson);
  await writeFile(path.join(base, 'kura-signing-keys.json'), keysJson);
  // Both namings: with the position, and by clip id alone.
  const [first, second] = packet.clips;
  await writeFile(path.join(base, 'clips', `${first!.position}-${first!.id}.${ext(first!.contentType!)}`), clips[0]!);
  await writeFile(path.join(base, 'clips', `${second!.id}.${ext(second!.contentType!)}`), clips[1]!);
});
afterAll(async () => {
  await h?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const verify = (dir: string, ...args: string[]) => runKuraOffline(['packet', 'verify', ...args], dir);
const report = (r: Run) => JSON.parse(r.stdout.trim()) as Record<string, unknown> & { clips?: { result: string; file: string | null }[] };
const clipFile = (dir: string, i: number) => {
  const c = packet.clips[i]!;
  return path.join(dir, 'clips', i === 0 ? `${c.position}-${c.id}.mp4` : `${c.id}.mp4`);
};

async function flipByte(file: string, at: number): Promise<void> {
  const b = await readFile(file);
  b[at]! ^= 0x01;
  await writeFile(file, b);
}

describe('kura packet verify', () => {
  it('exit 0: the signature holds and every clip file is the one listed', async () => {
    const dir = await agencyFolder();
    const r = await verify(dir, 'manifest.json', '--keys', 'kura-signing-keys.json', '--clips', 'clips');
    expect(r, r.stderr).toMatchObject({ code: 0 });
    const out = report(r);
    expect(out).toMatchObject({ valid: true, type: 'kura.packet-manifest', keyId: packet.manifest!.signature.keyId, packetId: packet.id });
    expect(out.clips!.map((c) => [c.result, c.file])).toEqual([
      ['ok', `1-${packet.clips[0]!.id}.mp4`],
      ['ok', `${packet.clips[1]!.id}.mp4`],
    ]);
    // Without clips, the signature alone.
    expect((await verify(dir, 'manifest.json', '--keys', 'kura-signing-keys.json')).code).toBe(0);
  });

  it('exit 1 when one byte of the manifest changes', async () => {
    const c0 = packet.manifest!.payload.clips[0]!;
    const changes: Array<[string, string]> = [
      [`"sha256": "${c0.sha256}"`, `"sha256": "${c0.sha256.slice(0, -1)}${c0.sha256.endsWith('0') ? '1' : '0'}"`],
      [`"bytes": ${c0.bytes}`, `"bytes": ${c0.bytes + 1}`],
      [`"title": "${packet.title}"`, `"title": "${packet.title.replace('嫌', '兼')}"`],
      [`"endMs": ${c0.endMs}`, `"endMs": ${c0.endMs + 1}`],
    ];
    for (const [from, to] of changes) {
      expect(manifestJson).toContain(from);
      const dir = await agencyFolder();
      await writeFile(path.join(dir, 'manifest.json'), manifestJson.replace(from, to));
      const r = await verify(dir, 'manifest.json', '--keys', 'kura-signing-keys.json', '--clips', 'clips');
      expect({ from, code: r.code, reason: report(r).reason }).toEqual({ from, code: 1, reason: 'bad_signature' });
    }
  });

  it('exit 1 naming the clip when one byte of a clip changes, or a clip is cut short, missing or doubled', async () => {
    const check = async (dir: string) => {
      const r = await verify(dir, 'manifest.json', '--keys', 'kura-signing-keys.json', '--clips', 'clips');
      expect(r.code).toBe(1);
      const out = report(r);
      expect(out).toMatchObject({ valid: false, reason: 'clip_mismatch' });
      return out.clips!.map((c) => c.result);
    };
    let dir = await agencyFolder();
    await flipByte(clipFile(dir, 1), clips[1]!.length >> 1);
    expect(await check(dir)).toEqual(['ok', 'hash_mismatch']);

    dir = await agencyFolder();
    await writeFile(clipFile(dir, 0), clips[0]!.subarray(0, -1));
    expect(await check(dir)).toEqual(['size_mismatch', 'ok']);

    dir = await agencyFolder();
    await rm(clipFile(dir, 0));
    expect(await check(dir)).toEqual(['missing', 'ok']);

    dir = await agencyFolder();
    await writeFile(path.join(dir, 'clips', `${packet.clips[0]!.id}.mp4`), clips[0]!);
    expect(await check(dir)).toEqual(['ambiguous', 'ok']);
  });

  it('exit 1 for a signed document that is not a packet manifest; exit 2 when it cannot check', async () => {
    const dir = await agencyFolder();
    await writeFile(path.join(dir, 'other.json'), JSON.stringify(await signDocument(h.ctx, { type: 'kura.test/v1', clips: [] })));
    const other = await verify(dir, 'other.json', '--keys', 'kura-signing-keys.json');
    expect({ code: other.code, reason: report(other).reason }).toEqual({ code: 1, reason: 'wrong_type' });

    for (const [args, message] of [
      [['manifest.json'], /usage: kura packet verify/],
      [['manifest.json', '--keys', 'kura-signing-keys.json', '--clips', 'nowhere'], /cannot read clips folder nowhere/],
      [['missing.json', '--keys', 'kura-signing-keys.json'], /cannot read document missing.json/],
    ] as Array<[string[], RegExp]>) {
      const r = await verify(dir, ...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('README: checking a manifest and its clips without Kura', () => {
  async function recipes(dir: string): Promise<{ signature: Run; clips: Run }> {
    await cp(path.join(dir, 'manifest.json'), path.join(dir, 'document.json'));
    const signature = await run('bash', ['-e', '-o', 'pipefail', '-c', await readmeBlock('### Checking a signature with openssl')], dir);
    const clipsRun = await run('bash', ['-e', '-o', 'pipefail', '-c', await readmeBlock('### Evidence packet manifests')], dir);
    return { signature, clips: clipsRun };
  }

  it('verifies the signature with openssl and every clip with sha256sum', async () => {
    const ok = await recipes(await agencyFolder());
    expect(ok.signature, ok.signature.stderr).toMatchObject({ code: 0 });
    expect(ok.signature.stdout).toContain('Signature Verified Successfully');
    expect(ok.clips, ok.clips.stderr).toMatchObject({ code: 0 });
    expect(ok.clips.stdout.trim().split('\n')).toEqual([`clips/1-${packet.clips[0]!.id}.mp4: OK`, `clips/${packet.clips[1]!.id}.mp4: OK`]);
  });

  it('fails when a byte of the manifest or of a clip changes', async () => {
    const c1 = packet.manifest!.payload.clips[1]!;
    let dir = await agencyFolder();
    await writeFile(path.join(dir, 'manifest.json'), manifestJson.replace(`"bytes": ${c1.bytes}`, `"bytes": ${c1.bytes - 1}`));
    expect((await recipes(dir)).signature.code).toBe(1);

    dir = await agencyFolder();
    await flipByte(clipFile(dir, 0), 1000);
    const bad = await recipes(dir);
    expect(bad.signature.code).toBe(0);
    expect(bad.clips.code).toBe(1);
    expect(bad.clips.stdout).toContain(`clips/1-${packet.clips[0]!.id}.mp4: FAILED`);

    dir = await agencyFolder();
    await rm(clipFile(dir, 1));
    expect((await recipes(dir)).clips.code).toBe(1);
  });
});
