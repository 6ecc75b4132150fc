import { Cron } from 'croner';
import type { AppContext } from '../context.ts';
import { loadRetentionSettings } from '../services/retention/retention-settings.ts';
import { runRetention } from '../services/retention/run-retention.ts';

// The retention job inside the server, on the cron expression of the retention settings (Tokyo
// time). Every process schedules it; the advisory lock lets one run and the others step aside.
// Settings are re-read every minute, so a changed expression or the off switch takes effect in
// every process without a restart.

const SETTINGS_POLL_MS = 60_000;

export interface RetentionSchedule {
  stop(): void;
}

export function scheduleRetention(ctx: AppContext): RetentionSchedule {
  let cron: Cron | null = null;
  let expression: string | null = null;

  const tick = async () => {
    const settings = await loadRetentionSettings(ctx.db);
    if (!settings.enabled) return;
    const r = await runRetention(ctx, { triggeredBy: 'schedule', onProgress: (line) => ctx.logger.info({ retention: true }, line) });
    if (r.status === 'locked') ctx.logger.info('retention: another run holds the lock');
    else if (r.report.errors.length > 0)
      ctx.logger.error({ runId: r.runId, errors: r.report.errors }, 'retention run finished with errors');
  };

  const refresh = async () => {
    const { cron: wanted } = await loadRetentionSettings(ctx.db);
    if (wanted === expression) return;
    cron?.stop();
    cron = new Cron(
      wanted,
      { timezone: 'Asia/Tokyo', protect: true, catch: (err) => ctx.logger.error({ err }, 'retention run failed') },
      tick,
    );
    expression = wanted;
    ctx.logger.info({ cron: wanted }, 'retention job scheduled');
  };

  const poll = setInterval(
    () => void refresh().catch((err) => ctx.logger.warn({ err }, 'could not read retention settings')),
    SETTINGS_POLL_MS,
  );
  poll.unref();
  void refresh().catch((err) => ctx.logger.warn({ err }, 'could not schedule the retention job'));
  return {
    stop() {
      clearInterval(poll);
      cron?.stop();
    },
  };
}
