import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_SEGMENT_LOG2, createEncryptStream, createHeader, generateDek } from '@kura/vault';
import { timedGet, type Timed } from '../lib/http.ts';
import { grant, ingestRecording, plainUrl, putPlain, type BenchOptions, type Scenario } from '../lib/scenario.ts';
import { METRICS_TOKEN, byteSource, type Stack } from '../lib/stack.ts';
import { readServerMemory } from '../lib/server-memory.ts';
import { MiB, mibps, summarize, type ResultRow } from '../lib/stats.ts';
import { cpuCeilingRow, cpuMeter, describeCpu } from '../lib/cpu.ts';

const CORES = os.cpus().length;
/** One sealed segment at KRV1's default k = 16: 64 KiB and its 16-byte tag. */
const FIRST_SEGMENT = 64 * 1024 + 16;

interface Target {
  label: string;
  size: number;
  kuraUrl: string;
  plainUrl: string;
  /** The same bytes as a KRV1 object of the bench's own, for the decrypting proxy. */
  krv1: Krv1Copy;
}

/** What lib/decrypting-proxy.ts is told (on stdin): one KRV1 object and its key. */
interface Krv1Copy {
  url: string;
  objectId: string;
  dek: string;
  header: string;
  plaintextBytes: number;
  segmentLog2: number;
}

/**
 * The same bytes three times: ingested through Kura, stored as a plain object, and encrypted here
 * as a KRV1 object with a key of the bench's own (what the decrypting proxy reads).
 */
async function prepare(stack: Stack, label: string, size: number): Promise<Target> {
  const block = randomBytes(MiB);
  const recordingId = await ingestRecording(stack, byteSource(size, block), size);
  const key = `plain/media-${randomBytes(4).toString('hex')}`;
  await putPlain(stack, key, byteSource(size, block));
  const objectId = randomUUID();
  const dek = generateDek();
  const header = createHeader(DEFAULT_SEGMENT_LOG2);
  await putPlain(stack, `${key}.krv1`, byteSource(size, block).pipe(createEncryptStream({ objectId, dek, header })));
  const krv1 = {
    url: plainUrl(stack, `${key}.krv1`),
    objectId,
    dek: dek.toString('hex'),
    header: header.toString('hex'),
    plaintextBytes: size,
    segmentLog2: DEFAULT_SEGMENT_LOG2,
  };
  return { label, size, kuraUrl: `${stack.server.url}/api/recordings/${recordingId}/media`, plainUrl: plainUrl(stack, key), krv1 };
}

const rangeAt = (size: number) => {
  const start = Math.floor(Math.random() * (size - MiB));
  return `bytes=${start}-${start + MiB - 1}`;
};

function check(t: Timed, what: string): Timed {
  if (t.status !== 206 || t.bytes !== MiB) throw new Error(`${what}: ${t.status}, ${t.bytes} bytes`);
  return t;
}

interface Proxy {
  pid: number;
  /** Maps a plain URL onto the proxy. */
  via: (plainUrl: string) => string;
  stop: () => void;
}

/** Starts a proxy script in a process of its own; it prints its port once it listens. */
async function startProxy(what: string, args: string[], stdin?: string): Promise<Proxy> {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  if (stdin !== undefined) child.stdin!.write(`${stdin}\n`);
  const exited = once(child, 'exit').then(() => [Buffer.from('')] as [Buffer]);
  const [line] = await Promise.race([once(child.stdout!, 'data') as Promise<[Buffer]>, exited]);
  const port = Number(line.toString().trim());
  if (!port) throw new Error(`the ${what} did not start`);
  return { pid: child.pid!, via: (url) => `http://127.0.0.1:${port}${new URL(url).pathname}`, stop: () => child.stdin!.end() };
}

/** lib/bare-proxy.mjs in front of the S3 server: pipes what it asks for, nothing else. */
const startBareProxy = (s3Endpoint: string) =>
  startProxy('bare proxy', [path.join(import.meta.dirname, '../lib/bare-proxy.mjs'), s3Endpoint]);

/** lib/decrypting-proxy.ts for one KRV1 object: every request reads a range of it. */
const startDecryptingProxy = (krv1: Krv1Copy) =>
  startProxy('decrypting proxy', ['--import', 'tsx', path.join(import.meta.dirname, '../lib/decrypting-proxy.ts')], JSON.stringify(krv1));

let session: { cookie: string; csrfToken: string } | null = null;
const targets = new Map<string, Target>();

async function media(stack: Stack, o: BenchOptions): Promise<{ small: Target; large: Target; cookie: string }> {
  session ??= await stack.staffSession(['moderator']);
  const sizes = o.quick ? { small: 100 * MiB, large: 512 * MiB } : { small: 100 * MiB, large: 2048 * MiB };
  for (const [label, size] of Object.entries(sizes)) {
    if (!targets.has(label)) {
      o.log(`  preparing the ${label} object (${size / MiB} MiB: ingested, stored plain, and stored as KRV1 of the bench's own)`);
      const t = await prepare(stack, label, size);
      await grant(stack, session, t.kuraUrl.split('/').at(-2)!);
      targets.set(label, t);
    }
  }
  return { small: targets.get('small')!, large: targets.get('large')!, cookie: session.cookie };
}

/**
 * 1 MiB ranges at random offsets: the media route with a grant (session, grant, audit append, S3
 * GET, decrypt) against a plain ranged GET of the same bytes from the same S3 server. Requests
 * alternate one by one; both sides use keep-alive connections.
 */
export const ranges: Scenario = {
  name: 'ranges',
  about: 'TTFB and whole time of 1 MiB ranges at random offsets: media route with a grant vs plain ranged GET',
  async run(stack, o) {
    const { small, large, cookie } = await media(stack, o);
    const n = o.quick ? 60 : 200;
    const rows: ResultRow[] = [];
    const kuraTtfb = new Map<string, number>();
    const hop: number[] = [];
    const plainTtfb: number[] = [];
    const plainFirstSegment: number[] = [];
    const proxy = await startBareProxy(stack.s3.endpoint);
    const bare: Timed[] = [];
    const bareBaseline: Timed[] = [];
    // Warm both paths (connections, JIT) before timing.
    for (const t of [small, large]) {
      for (let i = 0; i < 5; i++) {
        await timedGet(t.kuraUrl, { cookie, range: rangeAt(t.size) });
        await timedGet(t.plainUrl, { range: rangeAt(t.size) });
        await timedGet(proxy.via(t.plainUrl), { range: rangeAt(t.size) });
      }
    }
    // Both objects in turn, request by request, so that neither is timed on a warmer or quieter
    // machine than the other (the size comparison is the point of having two).
    const timed = new Map<Target, { k: Timed[]; p: Timed[] }>([
      [small, { k: [], p: [] }],
      [large, { k: [], p: [] }],
    ]);
    for (let i = 0; i < n; i++) {
      for (const t of i % 2 ? [large, small] : [small, large]) {
        const { k, p } = timed.get(t)!;
        const range = rangeAt(t.size);
        const pair = [
          async () => k.push(check(await timedGet(t.kuraUrl, { cookie, range }), 'kura')),
          // Also when a first sealed segment's worth (64 KiB and its tag) has arrived: Kura can
          // release no byte of a segment before its tag checks out.
          async () => p.push(check(await timedGet(t.plainUrl, { range }, FIRST_SEGMENT), 'plain')),
        ];
        if (i % 2) pair.reverse();
        for (const f of pair) await f();
        // The same range through the bare proxy, and plain once more right beside it.
        const other = rangeAt(t.size);
        bare.push(check(await timedGet(proxy.via(t.plainUrl), { range: other }), 'bare proxy'));
        bareBaseline.push(check(await timedGet(t.plainUrl, { range: other }), 'plain'));
        hop.push((await timedGet(`${stack.server.url}/healthz`, {})).ttfb);
      }
    }
    for (const t of [small, large]) {
      const { k, p } = timed.get(t)!;
      plainTtfb.push(...p.map((x) => x.ttfb));
      plainFirstSegment.push(...p.map((x) => x.firstN));
      const kt = summarize(k.map((x) => x.ttfb));
      const pt = summarize(p.map((x) => x.ttfb));
      const kw = summarize(k.map((x) => x.total));
      const pw = summarize(p.map((x) => x.total));
      kuraTtfb.set(t.label, kt.median);
      const obj = `${t.label} (${t.size / MiB} MiB)`;
      rows.push({
        scenario: 'ranges',
        metric: `TTFB, ${obj}`,
        unit: 'ms',
        kura: kt,
        baseline: pt,
        ratio: kt.median / pt.median,
        target: 'p50 ≤ 1.2×',
        pass: kt.median / pt.median <= 1.2,
      });
      rows.push({
        scenario: 'ranges',
        metric: `whole 1 MiB, ${obj}`,
        unit: 'ms',
        kura: kw,
        baseline: pw,
        ratio: kw.median / pw.median,
        target: 'p50 ≤ 1.3×',
        pass: kw.median / pw.median <= 1.3,
      });
    }
    // What any proxy in front of S3 pays at least: the plain GET plus one HTTP hop to it
    // (GET /healthz, which touches nothing), before any session, audit or decryption; and what
    // authenticated segments add to that: the first byte waits for the first whole segment.
    const hopMs = summarize(hop);
    const plainMs = summarize(plainTtfb);
    const segMs = summarize(plainFirstSegment);
    rows.push({
      scenario: 'ranges',
      metric: 'floor: (plain TTFB + one HTTP hop to Kura) / plain TTFB',
      unit: '×',
      kura: summarize([(plainMs.median + hopMs.median) / plainMs.median]),
      baseline: null,
      ratio: null,
      target: 'bounds the TTFB ratio',
      pass: null,
      note: `GET /healthz first byte p50 ${hopMs.median.toFixed(2)} ms, plain ranged GET p50 ${plainMs.median.toFixed(2)} ms`,
    });
    rows.push({
      scenario: 'ranges',
      metric: 'floor with the first segment: (plain time to 64 KiB + hop) / plain TTFB',
      unit: '×',
      kura: summarize([(segMs.median + hopMs.median) / plainMs.median]),
      baseline: null,
      ratio: null,
      target: 'bounds the TTFB ratio',
      pass: null,
      note: `plain ranged GET: first byte p50 ${plainMs.median.toFixed(2)} ms, first 64 KiB + 16 bytes p50 ${segMs.median.toFixed(2)} ms`,
    });
    // Any proxy in front of S3, measured rather than reasoned: a process that only pipes the
    // ranged GET through. Kura's ratios above this one are what Kura itself adds.
    proxy.stop();
    for (const [what, pick] of [
      ['TTFB', (x: Timed) => x.ttfb],
      ['whole 1 MiB', (x: Timed) => x.total],
    ] as const) {
      const b = summarize(bare.map(pick));
      const p = summarize(bareBaseline.map(pick));
      rows.push({
        scenario: 'ranges',
        metric: `bare streaming proxy (own process, no auth, no decryption): ${what}`,
        unit: 'ms',
        kura: b,
        baseline: p,
        ratio: b.median / p.median,
        target: what === 'TTFB' ? 'bounds the TTFB ratio' : 'bounds the whole ratio',
        pass: null,
        note: 'any proxy on this machine; both objects, alternating with plain ranged GETs',
      });
    }
    const spread = kuraTtfb.get('large')! / kuraTtfb.get('small')!;
    rows.push({
      scenario: 'ranges',
      metric: 'TTFB large object / small object (Kura)',
      unit: '×',
      kura: summarize([spread]),
      baseline: null,
      ratio: null,
      target: 'within 10 %',
      pass: Math.abs(spread - 1) <= 0.1,
    });
    return rows;
  },
};

/**
 * 50 players at once, each reading consecutive 1 MiB ranges from a random position of the large
 * object for a fixed time, through Kura and then from plain S3 at the same concurrency.
 */
export const players: Scenario = {
  name: 'players',
  about: '50 concurrent players reading 1 MiB ranges: media route vs plain ranged GETs at the same concurrency',
  async run(stack, o) {
    const { large, cookie } = await media(stack, o);
    const seconds = o.quick ? 4 : 15;
    // `proxy`: the pid of the proxy process in front of S3 on this side, if any, to meter its CPU.
    const run = async (url: string, headers: Record<string, string>, proxy?: number) => {
      const kura = url.startsWith(stack.server.url);
      const before = kura ? await readServerMemory(stack.server.url, METRICS_TOKEN) : null;
      const ttfb: number[] = [];
      let bytes = 0;
      const cpu = cpuMeter({ ...(proxy === undefined ? { kura: stack.server.pid } : { proxy }), s3: stack.s3rverPid }, stack.dbName);
      const until = performance.now() + seconds * 1000;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          let pos = Math.floor(Math.random() * (large.size / MiB - 1)) * MiB;
          while (performance.now() < until) {
            if (pos + MiB > large.size) pos = 0;
            const t = check(await timedGet(url, { ...headers, range: `bytes=${pos}-${pos + MiB - 1}` }), 'player');
            ttfb.push(t.ttfb);
            bytes += t.bytes;
            pos += MiB;
          }
        }),
      );
      const used = cpu();
      const after = before ? await readServerMemory(stack.server.url, METRICS_TOKEN) : null;
      // Kura's collections in its round: what 50 streams cost its heap, round after round.
      const gc =
        before && after
          ? `Kura's heap ${(after.heap / MiB).toFixed(0)} MiB (young generation ${(after.newSpace / MiB).toFixed(0)}), ` +
            `per GiB served ${(((after.scavenges - before.scavenges) * 1024) / (bytes / MiB)).toFixed(0)} scavenges and ` +
            `${(((after.markCompacts - before.markCompacts) * 1024) / (bytes / MiB)).toFixed(1)} full collections`
          : '';
      return { rate: mibps(bytes, performance.now() - t0), ttfb, cpu: used, mib: bytes / MiB, gc };
    };
    type Run = Awaited<ReturnType<typeof run>>;
    const k: Run[] = [];
    const p: Run[] = [];
    // The same players through a bare streaming proxy: what any proxy costs at this concurrency;
    // and through a bare proxy that decrypts the same bytes stored as KRV1: what any proxy that
    // serves KRV1 costs, before sessions, grants, audit or a database.
    const b: Run[] = [];
    const d: Run[] = [];
    const proxy = await startBareProxy(stack.s3.endpoint);
    const decrypting = await startDecryptingProxy(large.krv1);
    const bareUrl = proxy.via(large.plainUrl);
    const decryptingUrl = decrypting.via(large.krv1.url);
    for (let i = 0; i < o.rounds; i++) {
      const turn = [
        async () => k.push(await run(large.kuraUrl, { cookie })),
        async () => p.push(await run(large.plainUrl, {})),
        async () => b.push(await run(bareUrl, {}, proxy.pid)),
        async () => d.push(await run(decryptingUrl, {}, decrypting.pid)),
      ];
      for (let j = 0; j < turn.length; j++) await turn[(i + j) % turn.length]!();
      o.log(
        `  players round ${i + 1}: kura ${k.at(-1)!.rate.toFixed(0)} MiB/s, plain ${p.at(-1)!.rate.toFixed(0)} MiB/s, ` +
          `bare proxy ${b.at(-1)!.rate.toFixed(0)} MiB/s, decrypting proxy ${d.at(-1)!.rate.toFixed(0)} MiB/s`,
      );
      o.log(`    kura side: ${describeCpu(k.at(-1)!.cpu, k.at(-1)!.mib, CORES)}; ${k.at(-1)!.gc}`);
      o.log(`    plain side: ${describeCpu(p.at(-1)!.cpu, p.at(-1)!.mib, CORES)}`);
      o.log(`    bare proxy side: ${describeCpu(b.at(-1)!.cpu, b.at(-1)!.mib, CORES)}`);
      o.log(`    decrypting proxy side: ${describeCpu(d.at(-1)!.cpu, d.at(-1)!.mib, CORES)}`);
    }
    decrypting.stop();
    proxy.stop();
    const kr = summarize(k.map((x) => x.rate));
    const pr = summarize(p.map((x) => x.rate));
    const br = summarize(b.map((x) => x.rate));
    const kt = summarize(k.flatMap((x) => x.ttfb));
    const pt = summarize(p.flatMap((x) => x.ttfb));
    const bt = summarize(b.flatMap((x) => x.ttfb));
    const dr = summarize(d.map((x) => x.rate));
    const dt = summarize(d.flatMap((x) => x.ttfb));
    const bare = 'bare streaming proxy (own process, no auth, no decryption), 50 players';
    const dec = 'bare decrypting proxy (own process, KRV1 decryption only: no session, audit or database), 50 players';
    return [
      {
        scenario: 'players',
        metric: 'throughput, 50 players',
        unit: 'MiB/s',
        kura: kr,
        baseline: pr,
        ratio: kr.median / pr.median,
        target: '≥ 0.8×',
        pass: kr.median / pr.median >= 0.8,
      },
      {
        scenario: 'players',
        metric: 'TTFB p99, 50 players',
        unit: 'ms',
        kura: kt,
        baseline: pt,
        ratio: kt.p99 / pt.p99,
        target: 'p99 ≤ 2×',
        pass: kt.p99 / pt.p99 <= 2,
        note: 'ratio of the p99s',
      },
      cpuCeilingRow('players', k, p),
      {
        scenario: 'players',
        metric: `${bare}: throughput`,
        unit: 'MiB/s',
        kura: br,
        baseline: pr,
        ratio: br.median / pr.median,
        target: 'bounds the throughput ratio',
        pass: null,
        note: 'any proxy on this machine at this concurrency',
      },
      {
        scenario: 'players',
        metric: `${bare}: TTFB p99`,
        unit: 'ms',
        kura: bt,
        baseline: pt,
        ratio: bt.p99 / pt.p99,
        target: 'bounds the p99 ratio',
        pass: null,
        note: 'ratio of the p99s',
      },
      {
        scenario: 'players',
        metric: `${dec}: throughput`,
        unit: 'MiB/s',
        kura: dr,
        baseline: pr,
        ratio: dr.median / pr.median,
        target: 'bounds the throughput ratio',
        pass: null,
        note: `any proxy that serves KRV1 on this machine at this concurrency; last round ${describeCpu(d.at(-1)!.cpu, d.at(-1)!.mib, CORES)}`,
      },
      {
        scenario: 'players',
        metric: `${dec}: TTFB p99`,
        unit: 'ms',
        kura: dt,
        baseline: pt,
        ratio: dt.p99 / pt.p99,
        target: 'bounds the p99 ratio',
        pass: null,
        note: 'ratio of the p99s',
      },
    ];
  },
};
