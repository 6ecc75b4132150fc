import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { summarize, type ResultRow } from './stats.ts';

/**
 * CPU time spent by the processes on either side of a comparison, read from /proc: on a machine
 * whose cores the client, Kura, the S3 server and PostgreSQL all share, a side that needs more CPU
 * per byte cannot move bytes as fast once the cores are busy, whatever its latency.
 */
export interface CpuSample {
  /** Seconds of CPU each named party used since the sample was taken. */
  parties: Record<string, number>;
  /** Busy core-seconds of the whole machine (all processes, /proc/stat). */
  machineBusy: number;
  /** Wall-clock seconds. */
  wall: number;
}

const TICK = 100; // USER_HZ on Linux

function processSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is 14th, stime 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving one database (their command line names it), by pid. */
function postgresBackends(dbName: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres: ') && cmd.includes(` ${dbName} `)) out.set(Number(name), processSeconds(Number(name)));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu as [number, number, number, number, number, number, number, number];
  return (user + nice + system + irq + softirq + steal) / TICK;
}

/** Starts counting; call the result to get what was used since. */
export function cpuMeter(pids: Record<string, number>, dbName: string): () => CpuSample {
  const own = process.cpuUsage();
  const start = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processSeconds(pid)]));
  const pg = postgresBackends(dbName);
  const busy = machineBusySeconds();
  const t = performance.now();
  return () => {
    const used = process.cpuUsage(own);
    let postgres = 0;
    // Backends that started meanwhile count from zero; one that ended meanwhile is missed.
    for (const [pid, secs] of postgresBackends(dbName)) postgres += secs - (pg.get(pid) ?? 0);
    const parties: Record<string, number> = { client: (used.user + used.system) / 1e6, postgres };
    for (const [k, pid] of Object.entries(pids)) parties[k] = processSeconds(pid) - start[k]!;
    return { parties, machineBusy: machineBusySeconds() - busy, wall: (performance.now() - t) / 1000 };
  };
}

/** "client 1.2 ms, kura 3.4 ms, … per MiB; machine 97 % busy" */
export function describeCpu(s: CpuSample, mib: number, cores: number): string {
  const per = Object.entries(s.parties)
    .map(([k, v]) => `${k} ${((v * 1000) / mib).toFixed(2)}`)
    .join(', ');
  return `CPU ms per MiB: ${per}; machine ${((100 * s.machineBusy) / (s.wall * cores)).toFixed(0)} % busy`;
}

/** CPU seconds per MiB summed over the parties. */
export const cpuPerMib = (s: CpuSample, mib: number) => Object.values(s.parties).reduce((a, b) => a + b, 0) / mib;

/** One side's round: its CPU sample and the MiB it moved. */
export interface CpuRound {
  cpu: CpuSample;
  mib: number;
}

/**
 * Once the cores are saturated, throughput is cores / CPU per MiB: the ratio of the two sides' CPU
 * per MiB (round by round) is the most the throughput ratio can be on this machine.
 */
export function cpuCeilingRow(scenario: string, kura: CpuRound[], plain: CpuRound[]): ResultRow {
  const cores = os.cpus().length;
  const busy = summarize(kura.map((k) => (100 * k.cpu.machineBusy) / (k.cpu.wall * cores)));
  const last = (r: CpuRound[]) => describeCpu(r.at(-1)!.cpu, r.at(-1)!.mib, cores);
  return {
    scenario,
    metric: 'CPU-bound ceiling: plain CPU per MiB / Kura CPU per MiB',
    unit: '×',
    kura: summarize(kura.map((k, i) => cpuPerMib(plain[i]!.cpu, plain[i]!.mib) / cpuPerMib(k.cpu, k.mib))),
    baseline: null,
    ratio: null,
    target: 'explains the throughput ratio',
    pass: null,
    note: `machine busy ${busy.median.toFixed(0)} % of ${cores} cores during Kura's rounds; ${last(kura)} (Kura side) vs ${last(plain)} (plain)`,
  };
}
