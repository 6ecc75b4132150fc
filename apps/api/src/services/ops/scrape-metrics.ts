import type { AppContext } from '../../context.ts';
import { queueNames } from '../../lib/job-queues.ts';
import { clearQueueStats, metricsRegistry, setQueueStats } from '../../lib/metrics.ts';
import { queueStats } from '../../repositories/db/jobs-repo.ts';

/**
 * The Prometheus exposition of this process. Queue gauges are read from PostgreSQL now (the jobs
 * table is shared, so every process reports the same queues); if that read fails they are left
 * out rather than shown stale, and the rest is still served.
 */
export async function scrapeMetrics(ctx: AppContext): Promise<{ contentType: string; body: string }> {
  try {
    setQueueStats(queueNames, await queueStats(ctx.db));
  } catch (err) {
    clearQueueStats();
    ctx.logger.warn({ err }, 'metrics: could not read queue depths');
  }
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
