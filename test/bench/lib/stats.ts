/** Order statistics of a sample (nearest rank), in the sample's own unit. */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  p99: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]! : NaN);
  return { n: s.length, median: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}

/** One line of the report: what was measured, against what, and whether it meets its target. */
export interface ResultRow {
  scenario: string;
  metric: string;
  unit: string;
  kura: Summary;
  baseline: Summary | null;
  /** kura / baseline on the medians (the vault's rows: the median of each round's own ratio), or null for an absolute target. */
  ratio: number | null;
  target: string;
  /** Null for a row that informs (no target of its own). */
  pass: boolean | null;
  note?: string;
}

/**
 * A row read against its baseline in the same run: the ratio of the medians (of the p99s with
 * `of: 'p99'`), passing when it is at most `atMost` or at least `atLeast`.
 */
export function comparedRow(row: {
  scenario: string;
  metric: string;
  unit: string;
  kura: Summary;
  baseline: Summary;
  target: string;
  of?: 'median' | 'p99';
  atMost?: number;
  atLeast?: number;
  note?: string;
}): ResultRow {
  const { of = 'median', atMost, atLeast, ...rest } = row;
  const ratio = row.kura[of] / row.baseline[of];
  const pass = atMost !== undefined ? ratio <= atMost : ratio >= (atLeast ?? Infinity);
  return { ...rest, ratio, pass };
}

/**
 * The median of each round's own kura / baseline, for sides that ran back to back (`alternate`).
 * A slow spell of the machine that lands on one round lands on both of its sides, so it cancels
 * here where it would move one side's median and not the other's.
 */
export function medianPairedRatio(kura: number[], baseline: number[]): number {
  if (kura.length !== baseline.length) throw new Error('paired samples differ in count');
  return summarize(kura.map((k, i) => k / baseline[i]!)).median;
}

export const MiB = 1024 * 1024;

/** Throughput in MiB/s of `bytes` moved in `ms`. */
export const mibps = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);

/**
 * Runs `kura` and `baseline` alternately, `rounds` times each, so that load from the rest of the
 * machine falls on both alike. Returns each side's per-round samples.
 */
export async function alternate<T>(
  rounds: number,
  kura: () => Promise<T>,
  baseline: () => Promise<T>,
): Promise<{ kura: T[]; baseline: T[] }> {
  const out = { kura: [] as T[], baseline: [] as T[] };
  for (let i = 0; i < rounds; i++) {
    // Swap the order every round: whichever runs second gets warmer caches.
    if (i % 2 === 0) {
      out.kura.push(await kura());
      out.baseline.push(await baseline());
    } else {
      out.baseline.push(await baseline());
      out.kura.push(await kura());
    }
  }
  return out;
}
