import { sql, type SqlBool } from 'kysely';
import type { DbOrTx, RecordingState } from '@kura/db';
import { preparedQuery } from './prepared-query.ts';

// Read models for the console. Recordings still 'uploading' do not exist as far as staff can see.

export interface RecordingListFilter {
  q?: string;
  agencyRef?: string;
  state?: Exclude<RecordingState, 'uploading'>;
  reported?: boolean;
  from?: Date;
  to?: Date;
  after?: { startedAt: Date; id: string };
  limit: number;
}

// Its constants are literals, not parameters: a plan made for any values (recordingsById) can
// then use the partial indexes written for them.
function baseQuery(db: DbOrTx) {
  return db
    .selectFrom('recordings as r')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
    .innerJoin('agencies as a', 'a.id', 'cr.agency_id')
    .innerJoin('platform_users as u', 'u.id', 'c.user_id')
    .where('r.state', '<>', sql.lit('uploading'))
    .select([
      'r.id',
      'r.state',
      'r.content_type',
      'r.duration_ms',
      'c.id as call_id',
      'c.ref as call_ref',
      'c.started_at',
      'c.ended_at',
      'cr.ref as creator_ref',
      'cr.name as creator_name',
      'a.ref as agency_ref',
      'a.name as agency_name',
      'u.ref as user_ref',
      'u.is_minor',
      (eb) =>
        eb
          .exists(
            eb.selectFrom('legal_holds as lh').select('lh.id').whereRef('lh.recording_id', '=', 'r.id').where('lh.released_at', 'is', null),
          )
          .as('on_hold'),
      (eb) =>
        eb
          .selectFrom('review_items as ri_open')
          .select('ri_open.id')
          .whereRef('ri_open.call_id', '=', 'c.id')
          .where('ri_open.status', '=', sql.lit('open'))
          .limit(sql.lit(1))
          .as('open_review_item_id'),
      (eb) =>
        eb
          .selectFrom('reports as rp')
          .innerJoin('review_items as ri', 'ri.id', 'rp.review_item_id')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('rp.call_id', '=', 'c.id')
          .where('ri.status', '=', sql.lit('open'))
          .as('open_reports'),
    ]);
}

const hasOpenReport = sql<SqlBool>`exists (select 1 from review_items ri2 where ri2.call_id = c.id and ri2.status = 'open')`;

/**
 * Recordings with everything the list shows of them, by id, in no order: prepared
 * (prepared-query.ts), as the review queue's items are, since joining five tables cost more to plan
 * on every request than to run.
 */
const recordingsById = preparedQuery((db, p: { ids: string[] }) => baseQuery(db).where(sql<SqlBool>`r.id = any(${p.ids}::uuid[])`));

/**
 * A page newest first. Its ids are chosen joining only the tables the filter reads (a plan of its
 * own, as the filter changes), then read whole by id.
 */
export async function listRecordings(db: DbOrTx, f: RecordingListFilter): Promise<RecordingListRow[]> {
  let q = db
    .selectFrom('recordings as r')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .$if(Boolean(f.q), (qb) =>
      qb.innerJoin('creators as cr', 'cr.id', 'c.creator_id').innerJoin('platform_users as u', 'u.id', 'c.user_id'),
    )
    .select('r.id')
    .where('r.state', '<>', sql.lit('uploading'));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where(sql<SqlBool>`(c.ref ilike ${like} or cr.ref ilike ${like} or cr.name ilike ${like} or u.ref ilike ${like})`);
  }
  // The call's own copy of its creator's agency (migration 20261203T170000-agency-lists): the page
  // is a walk of the agency's calls newest first, not of every call.
  if (f.agencyRef) q = q.where(sql<SqlBool>`c.agency_id = (select fa.id from agencies fa where fa.ref = ${f.agencyRef})`);
  if (f.state) q = q.where('r.state', '=', f.state);
  if (f.reported !== undefined) {
    q = q.where(f.reported ? hasOpenReport : sql<SqlBool>`not ${hasOpenReport}`);
  }
  if (f.from) q = q.where('c.started_at', '>=', f.from);
  if (f.to) q = q.where('c.started_at', '<', f.to);
  if (f.after) {
    const { startedAt, id } = f.after;
    q = q.where((eb) => eb.or([eb('c.started_at', '<', startedAt), eb.and([eb('c.started_at', '=', startedAt), eb('r.id', '<', id)])]));
  }
  const ids = (await q.orderBy('c.started_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  const byId = new Map((await recordingsById(db, { ids })).map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function findVisibleRecording(db: DbOrTx, id: string) {
  return baseQuery(db)
    .select([
      'r.plaintext_bytes',
      'r.sha256',
      'r.container',
      'r.video_codec',
      'r.audio_codec',
      'r.width',
      'r.height',
      'r.unplayable_reason',
      'r.policy_version',
      'r.privacy_policy_version',
      'r.retain_until',
      'r.retention_reason',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export type RecordingListRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];
export type RecordingDetailRow = NonNullable<Awaited<ReturnType<typeof findVisibleRecording>>>;

export async function listAgencies(db: DbOrTx) {
  return db.selectFrom('agencies').select(['ref', 'name']).orderBy('name').execute();
}
