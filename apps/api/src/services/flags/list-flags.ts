import type { FlagDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { flagsForRecording } from '../../repositories/db/flags-read.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { flagDto } from './flag-dto.ts';
import { flaggableRecording } from './flag-rules.ts';

/**
 * Flags describe what a platform user did on a call: reading them is a look at the recording's
 * metadata and is logged as one (recording.viewed) before anything is returned.
 */
export async function listFlags(
  ctx: AppContext,
  staff: StaffPrincipal,
  recordingId: string,
  requestId: string,
): Promise<{ items: FlagDto[] }> {
  await flaggableRecording(ctx.db, recordingId);
  const rows = await flagsForRecording(ctx.db, recordingId);
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    { action: 'recording.viewed', subject: { type: 'recording', id: recordingId }, details: {} },
    ctx.now(),
  );
  return { items: rows.map(flagDto) };
}
