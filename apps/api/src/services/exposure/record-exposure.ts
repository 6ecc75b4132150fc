import type { ExposureHeartbeatBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { tokyoDay } from '../../lib/tokyo-day.ts';
import { addExposure } from '../../repositories/db/exposure-repo.ts';
import { worstActiveSeverity } from '../../repositories/db/flags-repo.ts';
import { requireLiveGrant } from '../access/grants.ts';
import type { StaffPrincipal } from '../auth/principal.ts';

/**
 * The console reports media it actually played. Only time on a recording the person may watch
 * right now counts (a live grant), filed under the worst flag standing on it at this moment and
 * under today's Tokyo day. Not audited: it is the reviewer's own telemetry and reads no data;
 * the media reads it accompanies are audited where the bytes are served.
 */
export async function recordExposure(ctx: AppContext, staff: StaffPrincipal, body: ExposureHeartbeatBody): Promise<void> {
  await requireLiveGrant(ctx, staff, body.recordingId);
  const now = ctx.now();
  const severity = (await worstActiveSeverity(ctx.db, body.recordingId)) ?? 'none';
  await addExposure(ctx.db, { staffUserId: staff.userId, day: tokyoDay(now), severity, playedMs: body.playedMs, at: now });
}
