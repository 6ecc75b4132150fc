import { sql } from 'kysely';
import type { DbOrTx, DbTx } from '@kura/db';

// Share links: the token's SHA-256 only, never the token.

// share_links.id is a uuid column: comparing it with anything else is a cast error, not a miss.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NewShareLink {
  packetId: string;
  tokenHash: string;
  recipientName: string;
  expiresAt: Date;
  viewCap: number | null;
  passphraseHash: string | null;
  allowDownload: boolean;
  createdBy: string;
  createdAt: Date;
}

export async function insertShareLink(tx: DbTx, l: NewShareLink): Promise<string> {
  const row = await tx
    .insertInto('share_links')
    .values({
      packet_id: l.packetId,
      token_hash: l.tokenHash,
      recipient_name: l.recipientName,
      expires_at: l.expiresAt,
      view_cap: l.viewCap,
      passphrase_hash: l.passphraseHash,
      allow_download: l.allowDownload,
      created_by: l.createdBy,
      created_at: l.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A link by its token's hash, with its packet's state: what every agency request starts from. */
export async function findLinkByTokenHash(db: DbOrTx, tokenHash: string) {
  return db
    .selectFrom('share_links as l')
    .innerJoin('packets as p', 'p.id', 'l.packet_id')
    .select([
      'l.id',
      'l.packet_id',
      'l.recipient_name',
      'l.expires_at',
      'l.view_cap',
      'l.views',
      'l.passphrase_hash',
      'l.allow_download',
      'l.revoked_at',
      'p.status as packet_status',
      'p.recording_id',
    ])
    .where('l.token_hash', '=', tokenHash)
    .executeTakeFirst();
}
export type LinkForAccess = NonNullable<Awaited<ReturnType<typeof findLinkByTokenHash>>>;

/**
 * Counts one started session against the view cap, if the link is still usable at `now`: one
 * statement, so parallel starts cannot overshoot the cap. The views after counting, or undefined.
 */
export async function countLinkView(tx: DbTx, linkId: string, now: Date): Promise<number | undefined> {
  const row = await tx
    .updateTable('share_links')
    .set({ views: sql<number>`views + 1` })
    .where('id', '=', linkId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) => eb.or([eb('view_cap', 'is', null), eb('views', '<', eb.ref('view_cap'))]))
    .returning('views')
    .executeTakeFirst();
  return row?.views;
}

export async function lockShareLink(tx: DbTx, linkId: string) {
  return tx.selectFrom('share_links').select(['id', 'packet_id', 'revoked_at']).where('id', '=', linkId).forUpdate().executeTakeFirst();
}

export async function markLinkRevoked(tx: DbTx, linkId: string, by: string, at: Date): Promise<void> {
  await tx.updateTable('share_links').set({ revoked_at: at, revoked_by: by }).where('id', '=', linkId).execute();
}

function linkRows(db: DbOrTx) {
  return db
    .selectFrom('share_links as l')
    .innerJoin('staff_users as cb', 'cb.id', 'l.created_by')
    .leftJoin('staff_users as rb', 'rb.id', 'l.revoked_by')
    .select([
      'l.id',
      'l.packet_id',
      'l.recipient_name',
      'l.created_by',
      'cb.display_name as created_by_name',
      'l.created_at',
      'l.expires_at',
      'l.view_cap',
      'l.views',
      'l.passphrase_hash',
      'l.allow_download',
      'l.revoked_at',
      'l.revoked_by',
      'rb.display_name as revoked_by_name',
    ]);
}
export type ShareLinkRow = NonNullable<Awaited<ReturnType<typeof findShareLink>>>;

export async function findShareLink(db: DbOrTx, linkId: string) {
  return linkRows(db).where('l.id', '=', linkId).executeTakeFirst();
}

/** The agency and recipient behind share links, for showing an agency's reads by name. */
export async function agencyOfLinks(
  db: DbOrTx,
  linkIds: string[],
): Promise<Map<string, { ref: string; name: string; recipientName: string }>> {
  const ids = [...new Set(linkIds.filter((id) => UUID.test(id)))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('share_links as l')
    .innerJoin('packets as p', 'p.id', 'l.packet_id')
    .innerJoin('agencies as a', 'a.id', 'p.agency_id')
    .select(['l.id', 'l.recipient_name', 'a.ref', 'a.name'])
    .where('l.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { ref: r.ref, name: r.name, recipientName: r.recipient_name }]));
}
