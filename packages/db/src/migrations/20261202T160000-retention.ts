import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.
// Retention and users' rights: why each recording's timer is what it is, crash-safe expiry
// (destroy the keys, delete the objects, keep a tombstone), signed and hash-chained run receipts,
// the call platform's user events (withdrawal, deletion and disclosure requests, minor status),
// and the privacy-policy version each recording was made under.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table recordings drop constraint recordings_state_check`.execute(db);
  await sql`alter table recordings add constraint recordings_state_check check (state in ('uploading', 'processing', 'ready', 'unplayable', 'expired'))`.execute(
    db,
  );
  // Destroying the wrapped key is what destroys the object (crypto-shredding): it may be null.
  await sql`alter table recordings alter column wrapped_dek drop not null`.execute(db);
  await sql`alter table recording_assets alter column wrapped_dek drop not null`.execute(db);
  await db.schema
    .alterTable('recordings')
    // Which rule set retain_until: 'unflagged', 'flagged', 'withdrawn' or 'deletion_request'.
    .addColumn('retention_reason', 'text', (c) => c.notNull().defaultTo('unflagged'))
    .addColumn('privacy_policy_version', 'text', (c) => c.notNull().defaultTo('2020-12-18'))
    // Set while an expiry is under way ('keys_destroyed', then 'objects_deleted'), so a run that
    // crashed is finished by the next one; null before and after.
    .addColumn('expiry_stage', 'text', (c) => c.check(sql`expiry_stage in ('keys_destroyed', 'objects_deleted')`))
    .addColumn('expired_at', 'timestamptz')
    .execute();
  await sql`create index recordings_due_idx on recordings (retain_until) where state in ('processing', 'ready', 'unplayable')`.execute(db);
  await sql`create index recordings_expiring_idx on recordings (id) where expiry_stage is not null`.execute(db);
  await db.schema.alterTable('recording_assets').addColumn('destroyed_at', 'timestamptz').execute();
  await db.schema
    .alterTable('packet_clips')
    .addColumn('expiry_stage', 'text', (c) => c.check(sql`expiry_stage in ('keys_destroyed', 'objects_deleted')`))
    .addColumn('expired_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('retention_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Real runs form a chain: 1, 2, 3 …; dry runs have no place in it.
    .addColumn('seq', 'integer', (c) => c.unique())
    .addColumn('dry_run', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'done', 'failed')`))
    .addColumn('triggered_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('scanned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_freed', 'bigint', (c) => c.notNull().defaultTo(0))
    // {hold: n, open_review: n, live_packet: n} and the first ids of each.
    .addColumn('held_back', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('errors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // The signed receipt: payload (the report, the previous receipt's hash) and signature.
    .addColumn('receipt', 'jsonb')
    .addColumn('receipt_hash', 'text')
    .execute();
  await db.schema.createIndex('retention_runs_started_idx').on('retention_runs').columns(['started_at', 'id']).execute();

  // What stays of an expired object: enough to prove what existed and why it was destroyed.
  await db.schema
    .createTable('tombstones')
    .addColumn('object_id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('recording', 'thumbnail_strip', 'packet_clip')`))
    .addColumn('recording_id', 'uuid', (c) => c.notNull())
    .addColumn('call_id', 'uuid', (c) => c.notNull())
    .addColumn('packet_id', 'uuid')
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('plaintext_bytes', 'bigint')
    .addColumn('stored_bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('expired_at', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'uuid', (c) => c.notNull().references('retention_runs.id'))
    .execute();
  await db.schema.createIndex('tombstones_recording_idx').on('tombstones').column('recording_id').execute();
  await db.schema.createIndex('tombstones_run_idx').on('tombstones').column('run_id').execute();

  // What the call platform tells Kura about its users. request_ref makes a retry idempotent.
  await db.schema
    .createTable('user_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('platform_users.id'))
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('withdrawal', 'deletion_request', 'minor', 'not_minor', 'disclosure_request')`),
    )
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('request_ref', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'done', 'refused')`))
    .addColumn('status_reason', 'text')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'uuid', (c) => c.references('staff_users.id'))
    .execute();
  await sql`create unique index user_events_request_ref on user_events (type, request_ref) where request_ref is not null`.execute(db);
  await db.schema.createIndex('user_events_user_idx').on('user_events').columns(['user_id', 'received_at']).execute();
  await sql`create index user_events_pending_idx on user_events (type, received_at) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['user_events', 'tombstones', 'retention_runs']) await db.schema.dropTable(t).ifExists().execute();
  await sql`drop index if exists recordings_due_idx`.execute(db);
  await sql`drop index if exists recordings_expiring_idx`.execute(db);
  await db.schema.alterTable('packet_clips').dropColumn('expiry_stage').dropColumn('expired_at').execute();
  await db.schema.alterTable('recording_assets').dropColumn('destroyed_at').execute();
  await db.schema
    .alterTable('recordings')
    .dropColumn('retention_reason')
    .dropColumn('privacy_policy_version')
    .dropColumn('expiry_stage')
    .dropColumn('expired_at')
    .execute();
  await sql`alter table recordings drop constraint recordings_state_check`.execute(db);
  await sql`alter table recordings add constraint recordings_state_check check (state in ('uploading', 'processing', 'ready', 'unplayable'))`.execute(
    db,
  );
}
