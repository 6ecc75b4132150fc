/** One reading of the server's memory and collections, from its own /metrics (prom-client). */
export interface MemoryReading {
  rss: number;
  /** V8's heap as committed (new and old generations, code). */
  heap: number;
  /** Of that heap, the young generation (both semi-spaces) as committed. */
  newSpace: number;
  /** Memory outside V8's heap that JS objects hold: Buffers (array buffers) above all. */
  external: number;
  /** Collections since the process started: scavenges of the young generation, full mark-compacts. */
  scavenges: number;
  markCompacts: number;
}

const PREFIX = 'kura_process_';

export async function readServerMemory(url: string, metricsToken: string): Promise<MemoryReading> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  const text = await res.text();
  // A kind of collection that has not happened yet has no series: it counts 0.
  const value = (name: string, absent?: number): number => {
    const m = new RegExp(`^${PREFIX}${name} (\\S+)`, 'm').exec(text);
    if (m) return Number(m[1]);
    if (absent === undefined) throw new Error(`/metrics has no ${PREFIX}${name}`);
    return absent;
  };
  return {
    rss: value('process_resident_memory_bytes'),
    heap: value('nodejs_heap_size_total_bytes'),
    newSpace: value('nodejs_heap_space_size_total_bytes\\{space="new"\\}'),
    external: value('nodejs_external_memory_bytes'),
    scavenges: value('nodejs_gc_duration_seconds_count\\{kind="minor"\\}', 0),
    markCompacts: value('nodejs_gc_duration_seconds_count\\{kind="major"\\}', 0),
  };
}

/**
 * Reads the server's memory every `everyMs` and keeps the reading with the highest RSS, so that
 * a peak can be split into what V8's heap, Buffers and the rest of the process added to it. Once a
 * second: each scrape allocates on the server's heap too (250 ms raised its heap growth to ~20 MiB).
 */
export function watchServerMemory(url: string, metricsToken: string, everyMs = 1000) {
  let peak: MemoryReading | null = null;
  let maxExternal = 0;
  let failure: unknown = null;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    readServerMemory(url, metricsToken)
      .then((r) => {
        if (!peak || r.rss > peak.rss) peak = r;
        maxExternal = Math.max(maxExternal, r.external);
      })
      .catch((err: unknown) => (failure ??= err))
      .finally(() => (busy = false));
  }, everyMs);
  return {
    /** The reading with the highest RSS, and the highest external memory of any reading. */
    stop(): { peak: MemoryReading; maxExternal: number } {
      clearInterval(timer);
      if (failure) throw failure;
      if (!peak) throw new Error('no reading of the server memory was taken');
      return { peak, maxExternal };
    },
  };
}
