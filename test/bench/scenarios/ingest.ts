import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { ingestRecording, putPlain, type Scenario } from '../lib/scenario.ts';
import { METRICS_TOKEN, ROOT, byteSource } from '../lib/stack.ts';
import { readServerMemory, watchServerMemory, type MemoryReading } from '../lib/server-memory.ts';
import { MiB, alternate, mibps, summarize, type ResultRow } from '../lib/stats.ts';
import { cpuCeilingRow, cpuMeter, describeCpu, type CpuSample } from '../lib/cpu.ts';

/**
 * Ingest through `PUT /v1/ingest/calls/{ref}/recording` (hash, KRV1, multipart to S3) against a
 * plain multipart upload of the same bytes to the same S3 server. The server's resident memory is
 * sampled every 20 ms while it ingests.
 */
export const ingest: Scenario = {
  name: 'ingest',
  about: 'upload through the API vs plain multipart upload (8 MiB × 4) of the same bytes; server RSS',
  async run(stack, o) {
    const size = o.quick ? 128 * MiB : 1024 * MiB;
    const block = randomBytes(MiB);
    const idle = stack.server.rss();
    const idleReading = await readServerMemory(stack.server.url, METRICS_TOKEN);
    let peakReading: MemoryReading | null = null;
    let maxExternal = 0;
    let scavenges = 0;
    let markCompacts = 0;
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, stack.server.rss())), 20);
    const kuraCpu: CpuSample[] = [];
    const plainCpu: CpuSample[] = [];
    try {
      const r = await alternate(
        o.rounds,
        async () => {
          const t = performance.now();
          const cpu = cpuMeter({ kura: stack.server.pid, s3: stack.s3rverPid }, stack.dbName);
          const before = await readServerMemory(stack.server.url, METRICS_TOKEN);
          const memory = watchServerMemory(stack.server.url, METRICS_TOKEN);
          await ingestRecording(stack, byteSource(size, block), size);
          const ms = performance.now() - t;
          const used = cpu();
          const top = memory.stop();
          if (!peakReading || top.peak.rss > peakReading.rss) peakReading = top.peak;
          maxExternal = Math.max(maxExternal, top.maxExternal);
          const after = await readServerMemory(stack.server.url, METRICS_TOKEN);
          scavenges += after.scavenges - before.scavenges;
          markCompacts += after.markCompacts - before.markCompacts;
          kuraCpu.push(used);
          o.log(
            `  ingest kura ${mibps(size, ms).toFixed(0)} MiB/s, rss ${(stack.server.rss() / MiB).toFixed(0)} MiB; ${describeCpu(used, size / MiB, os.cpus().length)}`,
          );
          return mibps(size, ms);
        },
        async () => {
          const t = performance.now();
          const cpu = cpuMeter({ kura: stack.server.pid, s3: stack.s3rverPid }, stack.dbName);
          await putPlain(stack, `plain/ingest-${randomBytes(4).toString('hex')}`, byteSource(size, block));
          const ms = performance.now() - t;
          const used = cpu();
          plainCpu.push(used);
          o.log(`  ingest plain ${mibps(size, ms).toFixed(0)} MiB/s; ${describeCpu(used, size / MiB, os.cpus().length)}`);
          return mibps(size, ms);
        },
      );
      clearInterval(sampler);
      const kura = summarize(r.kura);
      const base = summarize(r.baseline);
      const ratio = kura.median / base.median;
      const growth = peak - idle;
      const ingested = size * o.rounds;
      const mib = size / MiB;
      return [
        {
          scenario: 'ingest',
          metric: `throughput, ${size / MiB} MiB`,
          unit: 'MiB/s',
          kura,
          baseline: base,
          ratio,
          target: '≥ 0.9×',
          pass: ratio >= 0.9,
        },
        cpuCeilingRow(
          'ingest',
          kuraCpu.map((cpu) => ({ cpu, mib })),
          plainCpu.map((cpu) => ({ cpu, mib })),
        ),
        {
          scenario: 'ingest',
          metric: `server RSS growth over ${ingested / MiB} MiB ingested`,
          unit: 'MiB',
          kura: summarize([growth / MiB]),
          baseline: null,
          ratio: null,
          target: '< 64 MB',
          pass: growth < 64e6,
          note: `idle ${(idle / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB`,
        },
        growthByPart(idleReading, peakReading!, maxExternal, ingested, scavenges, markCompacts),
        {
          scenario: 'ingest',
          metric: 'server RSS idle (after start and sign-ins)',
          unit: 'MiB',
          kura: summarize([idle / MiB]),
          baseline: null,
          ratio: null,
          target: '< 120 MB',
          pass: idle < 120e6,
          note: rssFloor(),
        },
      ];
    } finally {
      clearInterval(sampler);
    }
  },
};

/**
 * The RSS growth split by who holds it, at the highest of the server's own memory readings: V8's
 * heap, external memory (Buffers: the reused part buffers, and socket reads and sealed segments
 * that are garbage until the next scavenge frees them) and the rest of the process, mostly the
 * allocator keeping pages that freed Buffers used (RSS holds their high-water mark, which the
 * highest external reading shows). With the scavenge count this shows how much Buffer memory is
 * allocated between two scavenges.
 */
function growthByPart(
  idle: MemoryReading,
  peak: MemoryReading,
  maxExternal: number,
  ingested: number,
  scavenges: number,
  markCompacts: number,
): ResultRow {
  const mib = (n: number) => (n / MiB).toFixed(1);
  const heap = peak.heap - idle.heap;
  const external = peak.external - idle.external;
  const rest = peak.rss - idle.rss - heap - external;
  const perGiB = (n: number) => ((n * 1024 * MiB) / ingested).toFixed(0);
  return {
    scenario: 'ingest',
    metric: 'server RSS growth by part, at the peak of the memory readings',
    unit: 'MiB',
    kura: summarize([(peak.rss - idle.rss) / MiB]),
    baseline: null,
    ratio: null,
    target: 'explains the growth',
    pass: null,
    note:
      `V8 heap +${mib(heap)} (${mib(idle.heap)} → ${mib(peak.heap)}; young generation ${mib(idle.newSpace)} → ${mib(peak.newSpace)}), external memory (Buffers) +${mib(external)} ` +
      `(${mib(idle.external)} → ${mib(peak.external)}; highest reading ${mib(maxExternal)}), rest of the process ${rest >= 0 ? '+' : ''}${mib(rest)}; ` +
      `per GiB ingested ${perGiB(scavenges)} scavenges (one per ${scavenges ? (ingested / MiB / scavenges).toFixed(1) : '–'} MiB) ` +
      `and ${perGiB(markCompacts)} full collections`,
  };
}

/** What the idle RSS stands on: a bare Node process. */
function rssFloor(): string {
  const bare = execFileSync(
    process.execPath,
    [
      '-e',
      "setTimeout(() => console.log(/VmRSS:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1] * 1024), 300)",
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return `floor: a bare node process ${(Number(bare.trim()) / MiB).toFixed(0)} MiB`;
}
