import type { DbOrTx, DbTx } from '@kura/db';

// 第三者提供記録: written once, never changed, never deleted within their 3 years (the
// migration's trigger refuses UPDATE always and DELETE or TRUNCATE before retain_until).

export interface NewProvisionRecord {
  packetId: string;
  linkId: string;
  providedAt: Date;
  recipientAgencyId: string;
  recipientRef: string;
  recipientName: string;
  subjectType: 'user' | 'creator';
  subjectRef: string;
  items: string;
  basis: string;
  privacyPolicyVersion: string;
  approvedBy: string;
  retainUntil: Date;
}

export async function insertProvisionRecords(tx: DbTx, records: NewProvisionRecord[]): Promise<string[]> {
  const rows = await tx
    .insertInto('provision_records')
    .values(
      records.map((r) => ({
        packet_id: r.packetId,
        link_id: r.linkId,
        provided_at: r.providedAt,
        recipient_agency_id: r.recipientAgencyId,
        recipient_ref: r.recipientRef,
        recipient_name: r.recipientName,
        subject_type: r.subjectType,
        subject_ref: r.subjectRef,
        items: r.items,
        basis: r.basis,
        privacy_policy_version: r.privacyPolicyVersion,
        approved_by: r.approvedBy,
        retain_until: r.retainUntil,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export interface ProvisionRecordFilter {
  agencyRef?: string;
  subjectRef?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Keyset: rows strictly older than this (provided_at, id), newest first. */
  before?: { providedAt: Date; id: string };
  limit: number;
}

export async function listProvisionRecords(db: DbOrTx, f: ProvisionRecordFilter) {
  let q = db
    .selectFrom('provision_records as r')
    .innerJoin('staff_users as s', 's.id', 'r.approved_by')
    .selectAll('r')
    .select('s.display_name as approved_by_name');
  if (f.agencyRef) q = q.where('r.recipient_ref', '=', f.agencyRef);
  if (f.subjectRef) q = q.where('r.subject_ref', '=', f.subjectRef);
  if (f.from) q = q.where('r.provided_at', '>=', f.from);
  if (f.to) q = q.where('r.provided_at', '<', f.to);
  const before = f.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb('r.provided_at', '<', before.providedAt),
        eb.and([eb('r.provided_at', '=', before.providedAt), eb('r.id', '<', before.id)]),
      ]),
    );
  }
  return q.orderBy('r.provided_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute();
}
export type ProvisionRecordRow = Awaited<ReturnType<typeof listProvisionRecords>>[number];
