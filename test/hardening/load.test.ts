import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.ts';
import { grantAccess, seedProcessedRecording, staffSession, type SeededRecording, type StaffSession } from '../support/seed-recording.ts';
import { startKuraServer, type ChildKura } from './support/child-kura.ts';
import { chainIntact } from './support/consistency.ts';
import { figure } from './support/figures.ts';

// Load against real API processes (children, so their memory is theirs alone): media streams
// played the way a player does (ranged reads, one after another, for the whole run) plus a
// steady rate of staff API requests, first against one process, then spread over two sharing
// the database and bucket. Zero errors, every body whole, the peak RSS of each process reported
// (and bounded: streaming must not buffer recordings), the audit chain intact afterwards.
// KURA_HARDENING_QUICK=1 runs it at a tenth of the size for a quick look.

const QUICK = process.env.KURA_HARDENING_QUICK === '1';
const STREAMS = QUICK ? 20 : 200;
const API_PER_SECOND = QUICK ? 5 : 50;
const SECONDS = QUICK ? 6 : 60;
const RANGE = 64 * 1024;

let h: Harness;
let rec: SeededRecording;
let viewer: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  rec = await seedProcessedRecording(h);
  viewer = await staffSession(h, ['moderator', 'lead']);
  await grantAccess(h, viewer.session, rec.recordingId);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

/** Peak and current resident memory (kB) of the Kura process under this child (tsx runs it in a child of its own). */
function memoryOf(root: number): { peakKb: number; nowKb: number } {
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
  let best = { peakKb: 0, nowKb: 0 };
  const visit = (pid: number) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'latin1');
      const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const nowKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (peakKb > best.peakKb) best = { peakKb, nowKb };
    } catch {
      // Gone meanwhile.
    }
    for (const [child, parent] of parents) if (parent === pid) visit(child);
  };
  visit(root);
  return best;
}

interface RunResult {
  streams: number;
  mediaBytes: number;
  mediaRequests: number;
  apiRequests: number;
  errors: string[];
}

/** A GET on a keep-alive agent, the body read whole. */
function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('no answer in 60 s')));
  });
}

async function run(servers: ChildKura[]): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: STREAMS + API_PER_SECOND * 2 });
  const size = rec.bytes.length;
  const until = Date.now() + SECONDS * 1000;
  const result: RunResult = { streams: STREAMS, mediaBytes: 0, mediaRequests: 0, apiRequests: 0, errors: [] };
  const fail = (what: string) => {
    if (result.errors.length < 50) result.errors.push(what);
    else result.errors.length++;
  };
  const base = (i: number) => servers[i % servers.length]!.url!;

  const stream = async (i: number) => {
    let offset = (i * 7919) % size;
    while (Date.now() < until) {
      const end = Math.min(size - 1, offset + RANGE - 1);
      try {
        const res = await get(agent, `${base(i)}/api/recordings/${rec.recordingId}/media`, {
          ...viewer.session.headers(),
          range: `bytes=${offset}-${end}`,
        });
        const body = res.body;
        result.mediaRequests++;
        if (res.status !== 206) fail(`media ${res.status}`);
        else if (!body.equals(rec.bytes.subarray(offset, end + 1))) fail(`media bytes ${offset}-${end} differ`);
        else result.mediaBytes += body.length;
      } catch (err) {
        fail(`media: ${(err as Error).message}`);
      }
      offset = end + 1 >= size ? 0 : end + 1;
    }
  };

  const paths = [
    '/api/recordings',
    `/api/recordings/${rec.recordingId}`,
    '/api/review-items',
    '/api/me/preferences',
    `/api/recordings/${rec.recordingId}/access-log`,
  ];
  const api = async () => {
    const pending: Promise<void>[] = [];
    // Paced against the clock from the start, so a slow moment is made up rather than lost.
    const start = Date.now();
    for (let n = 0; Date.now() < until; n++) {
      pending.push(
        (async () => {
          try {
            const res = await get(agent, `${base(n)}${paths[n % paths.length]}`, viewer.session.headers());
            result.apiRequests++;
            if (res.status !== 200) fail(`api ${paths[n % paths.length]} ${res.status}`);
          } catch (err) {
            fail(`api: ${(err as Error).message}`);
          }
        })(),
      );
      const wait = start + ((n + 1) * 1000) / API_PER_SECOND - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(pending);
  };

  await Promise.all([...Array.from({ length: STREAMS }, (_, i) => stream(i)), api()]);
  agent.destroy();
  return result;
}

describe('load', () => {
  for (const processes of [1, 2]) {
    it(`${STREAMS} media streams and ${API_PER_SECOND} staff requests/s for ${SECONDS} s on ${processes} API process(es)`, async () => {
      const servers: ChildKura[] = [];
      try {
        for (let i = 0; i < processes; i++) servers.push(await startKuraServer(h, { LOG_LEVEL: 'error' }));
        const before = servers.map((s) => memoryOf(s.child.pid!));
        const r = await run(servers);
        const after = servers.map((s) => memoryOf(s.child.pid!));
        const label = `load (${processes} process${processes > 1 ? 'es' : ''})`;
        figure(`${label}: media streams`, r.streams);
        figure(`${label}: media requests`, r.mediaRequests);
        figure(`${label}: media MiB served`, (r.mediaBytes / 1024 / 1024).toFixed(1));
        figure(`${label}: staff API requests`, r.apiRequests);
        figure(`${label}: staff API requests/s achieved`, (r.apiRequests / SECONDS).toFixed(1));
        figure(`${label}: errors`, r.errors.length);
        after.forEach((m, i) => {
          figure(`${label}: process ${i + 1} RSS at start (MiB)`, (before[i]!.nowKb / 1024).toFixed(0));
          figure(`${label}: process ${i + 1} peak RSS (MiB)`, (m.peakKb / 1024).toFixed(0));
          figure(`${label}: process ${i + 1} RSS at end (MiB)`, (m.nowKb / 1024).toFixed(0));
        });
        expect(r.errors).toEqual([]);
        expect(r.mediaRequests).toBeGreaterThan(STREAMS);
        // Ranged reads are streamed, never buffered whole: a process stays far below what its streams moved.
        for (const m of after) expect(m.peakKb * 1024).toBeLessThan(1024 * 1024 * 1024);
      } finally {
        for (const s of servers) await s.kill();
      }
      const chain = await chainIntact(h);
      figure(`load (${processes} process${processes > 1 ? 'es' : ''}): audit chain intact, events`, `${chain.intact} ${chain.events}`);
      expect(chain.intact, chain.detail).toBe(true);
    });
  }
});
