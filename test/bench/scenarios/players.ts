import os from 'node:os';
import { timedGet } from '../lib/http.ts';
import type { Scenario } from '../lib/scenario.ts';
import { METRICS_TOKEN } from '../lib/stack.ts';
import { readServerMemory } from '../lib/server-memory.ts';
import { MiB, comparedRow, mibps, summarize, type ResultRow } from '../lib/stats.ts';
import { cpuCeilingRow, cpuMeter, describeCpu } from '../lib/cpu.ts';
import { check, media, startBareProxy, startDecryptingProxy } from '../lib/media-targets.ts';

const CORES = os.cpus().length;

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
    const run = async (url: string, headers: Record<string, string>, proxy?: number, runSeconds = seconds) => {
      const kura = url.startsWith(stack.server.url);
      const before = kura ? await readServerMemory(stack.server.url, METRICS_TOKEN) : null;
      const ttfb: number[] = [];
      let bytes = 0;
      const cpu = cpuMeter({ ...(proxy === undefined ? { kura: stack.server.pid } : { proxy }), s3: stack.s3rverPid }, stack.dbName);
      const until = performance.now() + runSeconds * 1000;
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
    // One untimed pass of every side first. Right after the objects are written the whole machine
    // is slower (the first round read the client at 7 ms of CPU per MiB, against 0.7 later), and
    // the side that went first in it carried that into the pooled p99.
    await run(large.kuraUrl, { cookie }, undefined, 2);
    await run(large.plainUrl, {}, undefined, 2);
    await run(bareUrl, {}, proxy.pid, 2);
    await run(decryptingUrl, {}, decrypting.pid, 2);
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
    const kt = summarize(k.flatMap((x) => x.ttfb));
    const pt = summarize(p.flatMap((x) => x.ttfb));
    // A proxy side's two rows: the bounds the throughput and p99 targets are read against.
    const boundRows = (label: string, runs: Run[], note: string): ResultRow[] => {
      const r = summarize(runs.map((x) => x.rate));
      const t = summarize(runs.flatMap((x) => x.ttfb));
      const row = { scenario: 'players', pass: null } as const;
      return [
        {
          ...row,
          metric: `${label}: throughput`,
          unit: 'MiB/s',
          kura: r,
          baseline: pr,
          ratio: r.median / pr.median,
          target: 'bounds the throughput ratio',
          note,
        },
        {
          ...row,
          metric: `${label}: TTFB p99`,
          unit: 'ms',
          kura: t,
          baseline: pt,
          ratio: t.p99 / pt.p99,
          target: 'bounds the p99 ratio',
          note: 'ratio of the p99s',
        },
      ];
    };
    return [
      comparedRow({
        scenario: 'players',
        metric: 'throughput, 50 players',
        unit: 'MiB/s',
        kura: kr,
        baseline: pr,
        target: '≥ 0.8×',
        atLeast: 0.8,
      }),
      comparedRow({
        scenario: 'players',
        metric: 'TTFB p99, 50 players',
        unit: 'ms',
        kura: kt,
        baseline: pt,
        target: 'p99 ≤ 2×',
        of: 'p99',
        atMost: 2,
        note: 'ratio of the p99s',
      }),
      cpuCeilingRow('players', k, p),
      ...boundRows(
        'bare streaming proxy (own process, no auth, no decryption), 50 players',
        b,
        'any proxy on this machine at this concurrency',
      ),
      ...boundRows(
        'bare decrypting proxy (own process, KRV1 decryption only: no session, audit or database), 50 players',
        d,
        `any proxy that serves KRV1 on this machine at this concurrency; last round ${describeCpu(d.at(-1)!.cpu, d.at(-1)!.mib, CORES)}`,
      ),
    ];
  },
};
