import type { RetentionSettingsDto, UpdateRetentionSettingsBody } from '@kura/contracts';
import { Cron } from 'croner';
import type { AppContext } from '../../context.ts';
import { badRequest } from '../../lib/errors.ts';
import { lockSettings, writeSetting } from '../../repositories/db/settings-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { recomputeRetention } from './recompute.ts';
import { RETENTION_SETTING_KEYS, RETENTION_SETTING_NAMES, loadRetentionSettings } from './retention-settings.ts';

const PERIODS = new Set<keyof RetentionSettingsDto>(['unflaggedDays', 'flaggedDays', 'withdrawnDays', 'packetClipDays']);

/**
 * Each setting that really changes is written and audited (who, from, to). A changed period then
 * recomputes every recording's timer in batches, after the change commits: each batch is short,
 * and a timer is never computed from settings that were rolled back.
 */
export async function updateRetentionSettings(
  ctx: AppContext,
  staff: StaffPrincipal,
  body: UpdateRetentionSettingsBody,
  requestId: string,
): Promise<RetentionSettingsDto> {
  if (body.cron !== undefined) assertCron(body.cron);
  const now = ctx.now();
  const { next, periodsChanged } = await ctx.db.transaction().execute(async (tx) => {
    await lockSettings(tx);
    const current = await loadRetentionSettings(tx);
    const next: RetentionSettingsDto = { ...current, ...body };
    let periodsChanged = false;
    for (const name of RETENTION_SETTING_NAMES) {
      if (body[name] === undefined || current[name] === next[name]) continue;
      if (PERIODS.has(name)) periodsChanged = true;
      await writeSetting(tx, RETENTION_SETTING_KEYS[name], next[name], staff.userId, now);
      await appendAudit(
        tx,
        { actor: { type: 'staff', id: staff.userId }, requestId },
        {
          action: 'settings.updated',
          subject: { type: 'settings', id: RETENTION_SETTING_KEYS[name] },
          details: { from: current[name], to: next[name] },
        },
        now,
      );
    }
    return { next, periodsChanged };
  });
  if (periodsChanged) await recomputeRetention(ctx.db, 'all', now);
  return next;
}

function assertCron(expression: string): void {
  try {
    new Cron(expression, { paused: true }).stop();
  } catch (err) {
    throw badRequest('validation_failed', 'invalid retention settings', [{ path: 'cron', message: (err as Error).message }]);
  }
}
