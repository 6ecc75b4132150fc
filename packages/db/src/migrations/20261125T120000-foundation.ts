import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agencies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('creators')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'uuid', (c) => c.notNull().references('agencies.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('creators_agency_idx').on('creators').column('agency_id').execute();

  await db.schema
    .createTable('platform_users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('is_minor', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('calls')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('creator_id', 'uuid', (c) => c.notNull().references('creators.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('platform_users.id'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('calls_time_order', sql`ended_at >= started_at`)
    .execute();
  await db.schema.createIndex('calls_creator_idx').on('calls').column('creator_id').execute();
  await db.schema.createIndex('calls_user_idx').on('calls').column('user_id').execute();
  await db.schema.createIndex('calls_started_idx').on('calls').column('started_at').execute();

  // A recording row exists from the first uploaded byte (state 'uploading') so that an object in
  // S3 is always accounted for; only states past 'uploading' are visible to anyone.
  await db.schema
    .createTable('recordings')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('uploading', 'processing', 'ready', 'unplayable')`))
    .addColumn('object_key', 'text', (c) => c.notNull().unique())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('plaintext_bytes', 'bigint')
    .addColumn('stored_bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('wrapped_dek', 'bytea', (c) => c.notNull())
    .addColumn('kek_id', 'text', (c) => c.notNull())
    .addColumn('segment_log2', 'smallint', (c) => c.notNull())
    // A copy of the object's 16-byte KRV1 header: a ranged read then needs one S3 GET, not two.
    .addColumn('krv1_header', 'bytea', (c) => c.notNull())
    .addColumn('duration_ms', 'integer')
    .addColumn('container', 'text')
    .addColumn('video_codec', 'text')
    .addColumn('audio_codec', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('unplayable_reason', 'text')
    .addColumn('retain_until', 'timestamptz')
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('upload_started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('uploaded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index recordings_one_per_call on recordings (call_id) where state <> 'uploading'`.execute(db);
  await db.schema.createIndex('recordings_state_idx').on('recordings').columns(['state', 'upload_started_at']).execute();
  await db.schema.createIndex('recordings_kek_idx').on('recordings').column('kek_id').execute();

  await db.schema
    .createTable('recording_assets')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('recording_id', 'uuid', (c) => c.notNull().references('recordings.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('thumbnail_strip')`))
    .addColumn('object_key', 'text', (c) => c.notNull().unique())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('plaintext_bytes', 'bigint', (c) => c.notNull())
    .addColumn('stored_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('wrapped_dek', 'bytea', (c) => c.notNull())
    .addColumn('kek_id', 'text', (c) => c.notNull())
    .addColumn('segment_log2', 'smallint', (c) => c.notNull())
    .addColumn('krv1_header', 'bytea', (c) => c.notNull())
    .addColumn('frame_count', 'integer', (c) => c.notNull())
    .addColumn('frame_width', 'integer', (c) => c.notNull())
    .addColumn('frame_height', 'integer', (c) => c.notNull())
    .addColumn('interval_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('recording_assets_one_kind', ['recording_id', 'kind'])
    .execute();
  await db.schema.createIndex('recording_assets_kek_idx').on('recording_assets').column('kek_id').execute();

  // Objects written to S3 whose owning row could not be kept (failed upload, lost race). The
  // sweeper deletes them; nothing in the bucket is ever unaccounted for.
  await db.schema
    .createTable('orphan_objects')
    .addColumn('object_key', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('review_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await sql`create unique index review_items_one_open_per_call on review_items (call_id) where status = 'open'`.execute(db);

  await db.schema
    .createTable('reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id'))
    .addColumn('review_item_id', 'uuid', (c) => c.notNull().references('review_items.id'))
    .addColumn('reporter', 'text', (c) => c.notNull().check(sql`reporter in ('user', 'creator', 'system')`))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at_seconds', 'double precision')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('reports_call_idx').on('reports').column('call_id').execute();

  // Background work taken by any worker with FOR UPDATE SKIP LOCKED.
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('queued', 'running', 'done', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('run_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`create index jobs_due_idx on jobs (run_at) where state in ('queued', 'running')`.execute(db);
  await sql`create unique index jobs_dedupe on jobs (queue, dedupe_key) where dedupe_key is not null and state in ('queued', 'running')`.execute(
    db,
  );

  await db.schema
    .createTable('key_rotations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('new_kek_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('rewrapped', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create unique index key_rotations_one_running on key_rotations ((true)) where finished_at is null`.execute(db);

  await db.schema
    .createTable('demo_state')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seeded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'demo_state',
    'key_rotations',
    'jobs',
    'reports',
    'review_items',
    'orphan_objects',
    'recording_assets',
    'recordings',
    'calls',
    'platform_users',
    'creators',
    'agencies',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
