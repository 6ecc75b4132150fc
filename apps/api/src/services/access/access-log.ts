import { accessLogActions, type AccessLogAction, type AccessLogResponse, type Purpose } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { eventsForSubject } from '../../repositories/db/audit-repo.ts';
import { getRecording } from '../../repositories/db/recordings-repo.ts';
import { agencyOfLinks } from '../../repositories/db/share-links-repo.ts';
import { staffNamesByIds } from '../../repositories/db/staff-names.ts';

/**
 * Who looked at a recording, when, why and which bytes: read back from the audit chain itself.
 * Agencies' reads of packet clips cut from it are here too, named by agency and recipient.
 */
export async function accessLog(ctx: AppContext, recordingId: string, limit = 200): Promise<AccessLogResponse> {
  const rec = await getRecording(ctx.db, recordingId);
  if (!rec || rec.state === 'uploading') throw notFound('recording');
  const events = await eventsForSubject(ctx.db, {
    subjectType: 'recording',
    subjectId: recordingId,
    actions: [...accessLogActions],
    limit,
  });
  const names = await staffNamesByIds(
    ctx.db,
    events.filter((e) => e.actor_type === 'staff').map((e) => e.actor_id),
  );
  const agencies = await agencyOfLinks(
    ctx.db,
    events.filter((e) => e.actor_type === 'agency').map((e) => e.actor_id),
  );
  return {
    items: events.map((e) => {
      const d = e.details as { reference?: string; range?: { start: number; end: number } | null };
      const who = e.actor_type === 'staff' ? names.get(e.actor_id) : undefined;
      return {
        seq: e.seq,
        at: e.occurred_at.toISOString(),
        action: e.action as AccessLogAction,
        actor: {
          type: e.actor_type,
          id: e.actor_id,
          email: who?.email ?? null,
          displayName: who?.displayName ?? null,
          agency: e.actor_type === 'agency' ? (agencies.get(e.actor_id) ?? null) : null,
        },
        purpose: e.purpose as Purpose | null,
        reference: d.reference ?? null,
        range: d.range ?? null,
      };
    }),
  };
}
