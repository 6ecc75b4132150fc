import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.
// Evidence packets for the creator's agency: clips cut from a recording, a signed manifest,
// two-person approval, scoped share links with short-lived playback sessions, the agency's
// replies, and the provision records (第三者提供記録) that APPI requires for every share.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('packets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('recording_id', 'uuid', (c) => c.notNull().references('recordings.id'))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id'))
    // The recipient, fixed when the packet is made: the agency the call's creator belongs to.
    // Sharing is refused if the creator's agency is no longer this one.
    .addColumn('agency_id', 'uuid', (c) => c.notNull().references('agencies.id'))
    .addColumn('creator_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('platform_users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('flag_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('decision_id', 'uuid', (c) => c.references('decisions.id'))
    .addColumn('involves_minor', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('cutting')
        .check(sql`status in ('cutting', 'ready', 'failed', 'approved', 'shared')`),
    )
    .addColumn('failure_reason', 'text')
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('approved_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('approved_at', 'timestamptz')
    .addColumn('minor_confirmed', 'boolean', (c) => c.notNull().defaultTo(false))
    // The signed manifest (canonical JSON payload + Ed25519 signature), made at approval.
    .addColumn('manifest', 'jsonb')
    .addColumn('shared_at', 'timestamptz')
    .addColumn('privacy_policy_version', 'text', (c) => c.notNull())
    .addCheckConstraint('packets_author_is_not_approver', sql`approved_by is null or approved_by <> author_id`)
    .addCheckConstraint('packets_approval_whole', sql`(approved_by is null) = (approved_at is null)`)
    .execute();
  await db.schema.createIndex('packets_recording_idx').on('packets').column('recording_id').execute();
  await db.schema.createIndex('packets_agency_idx').on('packets').columns(['agency_id', 'created_at']).execute();
  await db.schema.createIndex('packets_created_idx').on('packets').columns(['created_at', 'id']).execute();

  // A derivative: the original recording is never modified. Each clip is its own KRV1 object.
  await db.schema
    .createTable('packet_clips')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('packet_id', 'uuid', (c) => c.notNull().references('packets.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('start_ms', 'integer', (c) => c.notNull().check(sql`start_ms >= 0`))
    .addColumn('end_ms', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`state in ('pending', 'cutting', 'ready', 'failed', 'expired')`),
    )
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure_reason', 'text')
    .addColumn('mode', 'text', (c) => c.check(sql`mode in ('copy', 'transcode')`))
    .addColumn('object_key', 'text', (c) => c.unique())
    .addColumn('content_type', 'text')
    .addColumn('wrapped_dek', 'bytea')
    .addColumn('kek_id', 'text')
    .addColumn('segment_log2', 'smallint')
    .addColumn('krv1_header', 'bytea')
    .addColumn('plaintext_bytes', 'bigint')
    .addColumn('stored_bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('retain_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('packet_clips_range', sql`end_ms > start_ms`)
    .addUniqueConstraint('packet_clips_position', ['packet_id', 'position'])
    .execute();
  await db.schema.createIndex('packet_clips_kek_idx').on('packet_clips').column('kek_id').execute();

  // Only the token's SHA-256 is kept; the token itself is shown once, to the lead who made it.
  await db.schema
    .createTable('share_links')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('packet_id', 'uuid', (c) => c.notNull().references('packets.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('view_cap', 'integer', (c) => c.check(sql`view_cap is null or view_cap > 0`))
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('passphrase_hash', 'text')
    .addColumn('allow_download', 'boolean', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'uuid', (c) => c.references('staff_users.id'))
    .addCheckConstraint('share_links_revocation_whole', sql`(revoked_at is null) = (revoked_by is null)`)
    .execute();
  await db.schema.createIndex('share_links_packet_idx').on('share_links').column('packet_id').execute();

  // Short-lived playback credentials (minutes), re-checked against their link on every request.
  await db.schema
    .createTable('share_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('link_id', 'uuid', (c) => c.notNull().references('share_links.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('share_sessions_link_idx').on('share_sessions').column('link_id').execute();

  await db.schema
    .createTable('packet_replies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('packet_id', 'uuid', (c) => c.notNull().references('packets.id'))
    .addColumn('link_id', 'uuid', (c) => c.notNull().references('share_links.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('acknowledged', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('packet_replies_packet_idx').on('packet_replies').columns(['packet_id', 'created_at']).execute();

  // Fixed-window counters for anonymous callers (share tokens, passphrases), kept in PostgreSQL
  // so that every API process shares them.
  await db.schema
    .createTable('rate_limit_windows')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_windows_pk', ['key', 'window_start'])
    .execute();

  // 第三者提供記録 (APPI art. 29; PPC rules art. 19-20): one row per data subject per share,
  // written when a packet is first made available. Never changed; never deleted within 3 years.
  await db.schema
    .createTable('provision_records')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('packet_id', 'uuid', (c) => c.notNull().references('packets.id'))
    .addColumn('link_id', 'uuid', (c) => c.notNull().references('share_links.id'))
    .addColumn('provided_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recipient_agency_id', 'uuid', (c) => c.notNull().references('agencies.id'))
    .addColumn('recipient_ref', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull().check(sql`subject_type in ('user', 'creator')`))
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('privacy_policy_version', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('retain_until', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('provision_records_one_per_subject', ['packet_id', 'subject_type'])
    .execute();
  await db.schema.createIndex('provision_records_provided_idx').on('provision_records').columns(['provided_at', 'id']).execute();
  await db.schema.createIndex('provision_records_subject_idx').on('provision_records').columns(['subject_type', 'subject_ref']).execute();

  await sql`
    create function kura_provision_records_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        raise exception 'provision_records are never changed' using errcode = 'insufficient_privilege';
      end if;
      if old.retain_until > now() then
        raise exception 'provision_records are kept until %', old.retain_until using errcode = 'insufficient_privilege';
      end if;
      return old;
    end
    $$`.execute(db);
  await sql`
    create trigger provision_records_guard before update or delete on provision_records
    for each row execute function kura_provision_records_guard()`.execute(db);
  await sql`
    create function kura_provision_records_no_truncate() returns trigger language plpgsql as $$
    begin
      raise exception 'provision_records cannot be truncated' using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger provision_records_no_truncate before truncate on provision_records
    for each statement execute function kura_provision_records_no_truncate()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists provision_records_no_truncate on provision_records`.execute(db);
  await sql`drop trigger if exists provision_records_guard on provision_records`.execute(db);
  await sql`drop function if exists kura_provision_records_guard()`.execute(db);
  await sql`drop function if exists kura_provision_records_no_truncate()`.execute(db);
  for (const t of [
    'provision_records',
    'rate_limit_windows',
    'packet_replies',
    'share_sessions',
    'share_links',
    'packet_clips',
    'packets',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
