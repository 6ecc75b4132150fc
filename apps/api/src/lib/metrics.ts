import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Kura's Prometheus metrics: one registry per process (each API or worker process is scraped on
 * its own). Labels are bounded sets (route patterns, queue names, audit actions, outcomes) and
 * never carry a path, an id, a token or anything about a person.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'kura_process_' });

const httpRequests = new Counter({
  name: 'kura_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern (never the raw path) and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

const httpDuration = new Histogram({
  name: 'kura_http_request_duration_seconds',
  help: 'Time to the response headers, by method, route pattern and status (media bodies stream on after it)',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

const ingestBytes = new Counter({
  name: 'kura_ingest_bytes_total',
  help: 'Plaintext bytes of recordings stored by ingest uploads',
  registers: [metricsRegistry],
});

const mediaBytes = new Counter({
  name: 'kura_media_bytes_served_total',
  help: 'Decrypted media bytes sent to staff and agencies, by kind of object',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

const earlyReads = new Counter({
  name: 'kura_media_early_reads_total',
  help: 'Ciphertext GETs sent before a media request passed its checks (services/recordings/early-read.ts), by outcome: claimed by the read, or dropped unread',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

const auditAppends = new Counter({
  name: 'kura_audit_appends_total',
  help: 'Events appended to the audit chain, by action (counted inside the transaction: one that rolls back still counts)',
  labelNames: ['action'] as const,
  registers: [metricsRegistry],
});

const jobOutcomes = new Counter({
  name: 'kura_jobs_total',
  help: 'Jobs run by this process, by queue and outcome (done, retry, failed)',
  labelNames: ['queue', 'outcome'] as const,
  registers: [metricsRegistry],
});

const jobDuration = new Histogram({
  name: 'kura_job_duration_seconds',
  help: 'Time one job attempt took, by queue',
  labelNames: ['queue'] as const,
  buckets: [0.05, 0.25, 1, 5, 15, 60, 300, 1800],
  registers: [metricsRegistry],
});

const queueDepth = new Gauge({
  name: 'kura_queue_depth',
  help: 'Jobs waiting per queue (state queued, due now), read from PostgreSQL at scrape time: the same in every process',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
});

const queueOldestAge = new Gauge({
  name: 'kura_queue_oldest_age_seconds',
  help: 'How long the oldest due job per queue has waited (0 when none), read at scrape time',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
});

const queueRunning = new Gauge({
  name: 'kura_queue_running',
  help: 'Jobs under a live lease per queue, read at scrape time',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
});

const retentionOutcomes = new Counter({
  name: 'kura_retention_outcomes_total',
  help: 'What retention runs did, by outcome (e.g. expired, destroyed, held, failed)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export function observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
  const labels = { method, route, status: String(status) };
  httpRequests.inc(labels);
  httpDuration.observe(labels, seconds);
}

export function countIngestBytes(bytes: number): void {
  ingestBytes.inc(bytes);
}

export function countEarlyRead(outcome: 'claimed' | 'dropped'): void {
  earlyReads.inc({ outcome });
}

export function countMediaBytes(kind: string, bytes: number): void {
  mediaBytes.inc({ kind }, bytes);
}

export function countAuditAppend(action: string): void {
  auditAppends.inc({ action });
}

export type JobOutcome = 'done' | 'retry' | 'failed';

export function observeJob(queue: string, outcome: JobOutcome, seconds: number): void {
  jobOutcomes.inc({ queue, outcome });
  jobDuration.observe({ queue }, seconds);
}

/**
 * For the retention service: one call per item (or `n` items) a run handled, with a short fixed
 * outcome word. Never pass an id or a reason text: labels are kept for the life of the process.
 */
export function countRetentionOutcome(outcome: string, n = 1): void {
  retentionOutcomes.inc({ outcome }, n);
}

export interface QueueStat {
  queue: string;
  depth: number;
  oldestAgeSeconds: number;
  running: number;
}

/** Sets the queue gauges from one reading; every known queue is set, idle ones to 0. */
export function setQueueStats(queues: readonly string[], stats: QueueStat[]): void {
  const byQueue = new Map(stats.map((s) => [s.queue, s]));
  for (const queue of queues) {
    const s = byQueue.get(queue);
    queueDepth.set({ queue }, s?.depth ?? 0);
    queueOldestAge.set({ queue }, s?.oldestAgeSeconds ?? 0);
    queueRunning.set({ queue }, s?.running ?? 0);
  }
}

export function clearQueueStats(): void {
  queueDepth.reset();
  queueOldestAge.reset();
  queueRunning.reset();
}
