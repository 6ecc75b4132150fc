import { sql, type SqlBool } from 'kysely';
import type { DbOrTx, RetentionReason } from '@kura/db';

// Recordings whose timer runs out soon and that no legal hold keeps: what a lead may still want
// to hold. An open review item or a live packet holds one back only while it lasts, so those
// stay on the list, marked.

export interface UpcomingFilter {
  until: Date;
  now: Date;
  agencyRef?: string;
  creatorRef?: string;
  reason?: RetentionReason;
  /** Keyset: rows after this (retain_until as PostgreSQL prints it, to the microsecond; id). */
  after?: { retainUntil: string; id: string };
  limit: number;
}

export async function listUpcomingDeletions(db: DbOrTx, f: UpcomingFilter) {
  let q = db
    .selectFrom('recordings as r')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
    .innerJoin('agencies as a', 'a.id', 'cr.agency_id')
    .select([
      'r.id',
      'r.retain_until',
      sql<string>`r.retain_until::text`.as('retain_until_text'),
      'r.retention_reason',
      'c.ref as call_ref',
      'c.started_at',
      'cr.ref as creator_ref',
      'cr.name as creator_name',
      'a.ref as agency_ref',
      'a.name as agency_name',
      (eb) =>
        eb
          .exists(eb.selectFrom('review_items as ri').select('ri.id').whereRef('ri.call_id', '=', 'c.id').where('ri.status', '=', 'open'))
          .as('open_review'),
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('packets as p')
              .innerJoin('share_links as l', 'l.packet_id', 'p.id')
              .select('l.id')
              .whereRef('p.recording_id', '=', 'r.id')
              .where('l.revoked_at', 'is', null)
              .where('l.expires_at', '>', f.now),
          )
          .as('live_packet'),
    ])
    .where('r.state', 'in', ['processing', 'ready', 'unplayable'])
    .where('r.expiry_stage', 'is', null)
    .where('r.retain_until', '<', f.until)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('legal_holds as lh').select('lh.id').whereRef('lh.recording_id', '=', 'r.id').where('lh.released_at', 'is', null),
        ),
      ),
    );
  if (f.agencyRef) q = q.where('a.ref', '=', f.agencyRef);
  if (f.creatorRef) q = q.where('cr.ref', '=', f.creatorRef);
  if (f.reason) q = q.where('r.retention_reason', '=', f.reason);
  if (f.after) {
    const { retainUntil, id } = f.after;
    q = q.where(sql<SqlBool>`(r.retain_until, r.id) > (${retainUntil}::timestamptz, ${id}::uuid)`);
  }
  return q.orderBy('r.retain_until').orderBy('r.id').limit(f.limit).execute();
}
export type UpcomingDeletionRow = Awaited<ReturnType<typeof listUpcomingDeletions>>[number];
