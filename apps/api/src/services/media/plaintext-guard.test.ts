import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { ingest, makeMoovAtEndMp4 } from '../../../../../test/support/media.ts';
import { jobHandlers } from '../../jobs/catalogue.ts';
import { Worker } from '../../jobs/worker.ts';
import type { ObjectStore } from '../../repositories/object-store.ts';

// The outside review's attack, replayed: while a media job runs, another local process reads
// ffmpeg's /proc/<pid>/cmdline and environ (readable by every local user) and tries whatever
// they hold against the loopback source. It must get no plaintext. The attacker here is the
// test process itself: it runs the job, but it is not the ffmpeg child.

interface Inspection {
  pid: number;
  argv: string[];
  environ: string[];
  urls: string[];
  /** Bytes of response body the attacker received, per URL tried. */
  stolen: Record<string, number>;
}

let h: Harness;
let recordingId: string;
const inspections: Inspection[] = [];
const cipherRanges: Array<{ start: number; end: number }> = [];

beforeAll(async () => {
  h = await createHarness();
  // 20 s puts the moov atom many 64 KiB segments after the start, so ffmpeg has to seek.
  recordingId = await ingest(h, 'call-guard', await makeMoovAtEndMp4({ seconds: 20, seed: 31 }));

  // Each ffmpeg child is caught on its first read of the plaintext: while the storage read
  // that serves it is held back, ffmpeg is alive and waiting on the loopback connection.
  const seen = new Set<number>();
  let attacking = false;
  const store = Object.create(h.ctx.store, {
    getRange: {
      value: async (key: string, start: number, end: number, signal?: AbortSignal) => {
        cipherRanges.push({ start, end });
        if (!attacking) {
          attacking = true;
          try {
            for (const pid of childPids().filter((p) => !seen.has(p))) {
              seen.add(pid);
              inspections.push(await attack(pid));
            }
          } finally {
            attacking = false;
          }
        }
        return h.ctx.store.getRange(key, start, end, signal);
      },
    },
  }) as ObjectStore;
  expect(await new Worker({ ...h.ctx, store }, { handlers: jobHandlers }).drain()).toBe(1);
}, 180_000);

afterAll(async () => {
  await h?.close();
});

/** Children of this process, from /proc (as `ps` would show them to anyone). */
function childPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      // The command name may hold spaces and parentheses; the ppid is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function readNulList(path: string): string[] {
  try {
    return readFileSync(path, 'latin1').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

async function attack(pid: number): Promise<Inspection> {
  const argv = readNulList(`/proc/${pid}/cmdline`);
  const environ = readNulList(`/proc/${pid}/environ`);
  const urls = [...new Set([...argv, ...environ].flatMap((s) => s.match(/(?:https?|tcp):\/\/[^\s'"]+/g) ?? []))];
  // Anything that looks like a secret is also tried as a path on every loopback port seen.
  const ports = [...new Set(urls.flatMap((u) => /^\w+:\/\/127\.0\.0\.1:(\d+)/.exec(u)?.[1] ?? []))];
  const tokens = [...argv, ...environ].flatMap((s) => s.match(/[A-Za-z0-9_-]{20,}/g) ?? []);
  const targets = [
    ...urls.map((u) => u.replace(/^tcp:/, 'http:')),
    ...ports.flatMap((port) => ['/', ...tokens.map((t) => `/${t}`)].map((p) => `http://127.0.0.1:${port}${p}`)),
  ];
  const stolen: Record<string, number> = {};
  for (const target of new Set(targets)) {
    stolen[target] = (await bodyBytes(target, undefined)) + (await bodyBytes(target, 'bytes=0-'));
  }
  return { pid, argv, environ, urls, stolen };
}

/** How many body bytes a plain HTTP GET receives; a refused or cut connection counts what came. */
function bodyBytes(url: string, range: string | undefined): Promise<number> {
  return new Promise((resolve) => {
    let received = 0;
    const req = http.get(url, { headers: range ? { range } : {}, agent: false }, (res) => {
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      res.on('end', () => resolve(received));
      res.on('error', () => resolve(received));
    });
    req.on('error', () => resolve(received));
    req.setTimeout(5_000, () => req.destroy());
  });
}

describe('the loopback source while ffmpeg runs', () => {
  it('caught the job at work: several ffmpeg runs, each reading a loopback URL from its argv', () => {
    // probe, decode check and thumbnails (at least probe and thumbnails on any version of the code)
    expect(inspections.length).toBeGreaterThanOrEqual(2);
    for (const i of inspections) {
      expect(i.argv.join(' '), `pid ${i.pid}`).toMatch(/-i http:\/\/127\.0\.0\.1:\d+\//);
    }
  });

  it('gives another local process nothing for anything in ffmpeg argv or environment', () => {
    for (const i of inspections) {
      expect(Object.keys(i.stolen).length, `pid ${i.pid}`).toBeGreaterThan(0);
      expect(i.stolen, `pid ${i.pid}: ${i.argv.join(' ')}`).toEqual(Object.fromEntries(Object.keys(i.stolen).map((k) => [k, 0])));
    }
  });

  it('keeps ffmpeg environment empty: no URL, no Kura configuration', () => {
    // Names only in the failure message: the values are this machine's environment.
    for (const i of inspections)
      expect(
        i.environ.map((v) => v.split('=')[0]),
        `pid ${i.pid}`,
      ).toEqual([]);
  });

  it('still lets ffmpeg itself seek: the moov-at-end MP4 is ready with thumbnails', async () => {
    const row = await h.ctx.db.selectFrom('recordings').selectAll().where('id', '=', recordingId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'ready', video_codec: 'h264', audio_codec: 'aac', unplayable_reason: null });
    expect(row.duration_ms).toBeGreaterThan(19_000);
    const assets = await h.ctx.db.selectFrom('recording_assets').select('kind').where('recording_id', '=', recordingId).execute();
    expect(assets).toEqual([{ kind: 'thumbnail_strip' }]);
    // A read that starts in the second half: ffmpeg jumped over the media data to the index.
    expect(cipherRanges.some((r) => r.start > Number(row.stored_bytes) / 2)).toBe(true);
  });
});
