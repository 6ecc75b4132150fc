import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_INGEST_TOKEN, type Harness } from '../support/harness.ts';
import { callApi } from '../support/http-calls.ts';
import { collect, makeMedia } from '../support/media.ts';
import { grantAccess, seedRecording, staffSession } from '../support/seed-recording.ts';
import { AgencyClient, createLink, LINK_BODY } from '../support/shared-packet.ts';
import { drainAll } from './support/consistency.ts';
import { figure } from './support/figures.ts';

// No plaintext at rest and no secret lying about: after one end-to-end run (ingest real media,
// process it, play it, cut a clip, approve, share, the agency plays and downloads), every place
// a copy could end up is searched for every 64-byte run of the source media and for every
// secret of the run: the bucket's files on the S3 server's disk (or the objects, if that folder
// cannot be found), a pg_dump of the database, the temp folder, the app's log at trace level, and
// the argv and environment of every child process seen while jobs ran (sampled from /proc).

let h: Harness;
const logLines: string[] = [];
const startedAt = Date.now();

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(chunk.toString('utf8'));
      cb();
    },
  });
  h = await createHarness({ logLevel: 'trace' }, { logDestination: sink });
}, 300_000);

afterAll(async () => {
  await h?.close();
});

/** Every process below this one, with what /proc shows of it to any local user. */
function sampleChildren(into: Map<number, string>): void {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!ours.has(pid) && ours.has(ppid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  ours.delete(process.pid);
  for (const pid of ours) {
    try {
      const seen = `${readFileSync(`/proc/${pid}/cmdline`, 'latin1')}\n${readFileSync(`/proc/${pid}/environ`, 'latin1')}`;
      into.set(pid, `${into.get(pid) ?? ''}\n${seen}`);
    } catch {
      // Exited between the listing and the read.
    }
  }
}

/** Runs `work` while sampling child processes every few milliseconds. */
async function sampling<T>(into: Map<number, string>, work: () => Promise<T>): Promise<T> {
  let on = true;
  const loop = (async () => {
    while (on) {
      sampleChildren(into);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    return await work();
  } finally {
    on = false;
    await loop;
  }
}

/** The S3 server's folder for this bucket, found from the s3rver child's own command line. */
function bucketFolder(): string | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const i = argv.findIndex((a) => a.endsWith('s3rver-child.mjs'));
      if (i < 0) continue;
      const dir = path.join(argv[i + 1]!, h.ctx.store.bucket);
      if (statSync(dir).isDirectory()) return dir;
    } catch {
      // Not ours to read, or not that one.
    }
  }
  return null;
}

function filesUnder(dir: string, since = 0): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try {
          const st = statSync(p);
          if (st.mtimeMs >= since && st.size < 256 * 1024 * 1024) out.push(p);
        } catch {
          // Removed meanwhile.
        }
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * True if a run of the source appears in `stored` (as raw bytes, or as hex where a dump writes
 * bytea that way). Every 48-byte window of the source at a 16-byte step is looked up at every
 * offset of `stored`, so any 64-byte run is caught (it contains one such window whole). Windows
 * of few distinct bytes (zero padding, fill) are skipped: every file has those.
 */
function holdsSourceRun(source: Buffer, stored: Buffer, form: 'raw' | 'hex'): boolean {
  const W = 48;
  const windows = new Set<string>();
  for (let o = 0; o + W <= source.length; o += 16) {
    const w = source.subarray(o, o + W);
    if (new Set(w).size < 16) continue;
    windows.add(form === 'raw' ? w.toString('latin1') : w.toString('hex'));
  }
  const width = form === 'raw' ? W : W * 2;
  for (let i = 0; i + width <= stored.length; i++) if (windows.has(stored.toString('latin1', i, i + width))) return true;
  return false;
}

describe('secrecy at rest and in the process table', () => {
  it('after an end-to-end run: no source media run and no secret anywhere', async () => {
    const children = new Map<number, string>();
    const media = await makeMedia({ kind: 'mp4', seconds: 4, seed: 91 });
    const rec = await seedRecording(h, { bytes: media.bytes, contentType: media.contentType });
    await sampling(children, () => drainAll(h));

    const author = await staffSession(h, ['moderator']);
    const lead = await staffSession(h, ['lead']);
    await grantAccess(h, author.session, rec.recordingId);
    const played = await fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}/media`, { headers: author.session.headers() });
    expect(Buffer.from(await played.arrayBuffer()).equals(media.bytes)).toBe(true);

    const created = await callApi(h, author.session, 'POST', '/api/packets', {
      recordingId: rec.recordingId,
      title: 'secrecy',
      summary: 'secrecy',
      clips: [{ startMs: 500, endMs: 2500 }],
    });
    expect(created.status).toBe(201);
    const packetId = ((await created.json()) as { id: string }).id;
    await sampling(children, () => drainAll(h));
    const approved = await callApi(h, lead.session, 'POST', `/api/packets/${packetId}/approve`, {});
    expect(approved.status, await approved.clone().text()).toBe(200);
    const link = await createLink(h, lead, packetId, { ...LINK_BODY, passphrase: 'secrecy-passphrase-2026' });
    const agency = new AgencyClient(h, link.token);
    expect((await agency.startSession('secrecy-passphrase-2026')).status).toBe(200);
    const clip = await h.ctx.db.selectFrom('packet_clips').select('id').where('packet_id', '=', packetId).executeTakeFirstOrThrow();
    const clipBytes = Buffer.from(await (await agency.get(`/clips/${clip.id}?download=1`)).arrayBuffer());
    expect(clipBytes.length).toBeGreaterThan(0);

    // Every secret of the run, in the forms it could be written in.
    const ring = JSON.parse(await readFile(h.ctx.config.keyringPath, 'utf8')) as {
      keys: Record<string, string>;
      signing?: { keys: Record<string, { privateKey?: string }> };
    };
    const secrets: Record<string, string> = {
      'ingest token': TEST_INGEST_TOKEN,
      'share token': link.token,
      'share passphrase': 'secrecy-passphrase-2026',
      'share session credential': agency.cookie!.split('=')[1]!,
      'author session': author.session.cookie.split('=')[1]!,
      'lead session': lead.session.cookie.split('=')[1]!,
      'author password': author.password,
      'lead password': lead.password,
    };
    for (const [id, k] of Object.entries(ring.keys)) {
      secrets[`KEK ${id}`] = k;
      secrets[`KEK ${id} (hex)`] = Buffer.from(k, 'base64').toString('hex');
    }
    for (const [id, k] of Object.entries(ring.signing?.keys ?? {})) if (k.privateKey) secrets[`signing key ${id}`] = k.privateKey;

    const places: { name: string; bytes: Buffer }[] = [];
    const folder = bucketFolder();
    if (folder) for (const f of filesUnder(folder)) places.push({ name: `S3 disk ${path.relative(folder, f)}`, bytes: readFileSync(f) });
    else
      for await (const o of h.ctx.store.list(''))
        places.push({ name: `S3 object ${o.key}`, bytes: await collect(await h.ctx.store.get(o.key)) });
    const dump = spawnSync('pg_dump', ['--data-only', '--no-owner', h.dbUrl], { maxBuffer: 512 * 1024 * 1024 });
    expect(dump.status, dump.stderr?.toString()).toBe(0);
    places.push({ name: 'pg_dump', bytes: dump.stdout });
    // The key ring file is where the keys are meant to be (its mode is checked at start); it sits in the harness's data folder under the temp folder.
    for (const f of filesUnder(os.tmpdir(), startedAt)) {
      if (f === h.ctx.config.keyringPath) continue;
      try {
        places.push({ name: `temp ${f}`, bytes: readFileSync(f) });
      } catch {
        // Another user's file.
      }
    }
    places.push({ name: 'app log (trace)', bytes: Buffer.from(logLines.join('')) });
    for (const [pid, seen] of children) places.push({ name: `child ${pid} argv/environ`, bytes: Buffer.from(seen, 'latin1') });

    // The scanner itself, on a planted copy: a slice of the source inside noise, raw and as hex.
    const planted = media.bytes.subarray(1000, 4000);
    expect(holdsSourceRun(media.bytes, Buffer.concat([randomBytes(333), planted, randomBytes(99)]), 'raw')).toBe(true);
    expect(holdsSourceRun(media.bytes, Buffer.from(`x'${planted.toString('hex')}'`), 'hex')).toBe(true);
    expect(holdsSourceRun(media.bytes, randomBytes(1 << 20), 'raw')).toBe(false);

    const hits: string[] = [];
    for (const p of places) {
      if (holdsSourceRun(media.bytes, p.bytes, 'raw')) hits.push(`${p.name}: a run of the source media`);
      if (p.name === 'pg_dump' && holdsSourceRun(media.bytes, p.bytes, 'hex')) hits.push(`${p.name}: a run of the source media as hex`);
      for (const [what, s] of Object.entries(secrets)) if (p.bytes.includes(Buffer.from(s))) hits.push(`${p.name}: ${what}`);
    }
    figure('secrecy: S3 files scanned', places.filter((p) => p.name.startsWith('S3')).length);
    figure('secrecy: S3 scanned on', folder ? "the server's disk" : 'the object API');
    figure('secrecy: database dump bytes scanned', dump.stdout.length);
    figure('secrecy: temp files scanned', places.filter((p) => p.name.startsWith('temp')).length);
    figure('secrecy: log lines scanned', logLines.length);
    figure('secrecy: child processes sampled', children.size);
    figure('secrecy: secrets searched for', Object.keys(secrets).length);
    figure('secrecy: hits', hits.length);
    // The sampler must have seen ffmpeg, or this proves nothing about argv.
    expect([...children.values()].some((s) => s.includes('ffmpeg'))).toBe(true);
    expect(hits).toEqual([]);
  });
});
