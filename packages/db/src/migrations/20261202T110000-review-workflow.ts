import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.
// The review workflow: the queue (review items with priority and claims), time-ranged flags with
// their history, decisions and the platform's decision feed, legal holds, staff notes on
// accounts, settings, personal preferences and reviewers' exposure.

const CATEGORIES = `('harassment', 'sexual_content', 'contact_exchange', 'threats_violence', 'minor_involvement', 'fraud', 'hate', 'unauthorised_recording', 'other')`;
const SEVERITIES = `('low', 'medium', 'high', 'critical')`;
const OUTCOMES = `('no_violation', 'warn_user', 'warn_creator', 'suspend_user', 'ban_user', 'escalate', 'refer_to_agency')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('review_items')
    .addColumn('source', 'text', (c) =>
      c
        .notNull()
        .defaultTo('report')
        .check(sql`source in ('report', 'sample', 'staff')`),
    )
    .addColumn('queue', 'text', (c) =>
      c
        .notNull()
        .defaultTo('moderators')
        .check(sql`queue in ('moderators', 'leads')`),
    )
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    // Why the priority is what it is, as the console explains it: [{code, points, ...}].
    .addColumn('priority_reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Conduct categories of the item's reports, kept here so the queue filters without a join.
    .addColumn('categories', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('assignee_id', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('claimed_at', 'timestamptz')
    // A claim lapses when its holder goes idle: the item is then anyone's again.
    .addColumn('claim_expires_at', 'timestamptz')
    .addColumn('opened_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('open_note', 'text')
    .execute();
  await db.schema
    .alterTable('review_items')
    .addCheckConstraint('review_items_claim_whole', sql`(assignee_id is null) = (claim_expires_at is null)`)
    .execute();
  await sql`
    update review_items ri set categories = coalesce((select array_agg(distinct r.category order by r.category) from reports r where r.review_item_id = ri.id), '{}')`.execute(
    db,
  );
  await sql`create index review_items_queue_idx on review_items (queue, priority desc, opened_at, id) where status = 'open'`.execute(db);
  await sql`create index review_items_opened_idx on review_items (opened_at, id)`.execute(db);
  await sql`create index review_items_assignee_idx on review_items (assignee_id) where assignee_id is not null`.execute(db);
  await sql`create index review_items_categories_idx on review_items using gin (categories)`.execute(db);
  await sql`create index review_items_call_idx on review_items (call_id)`.execute(db);

  await db.schema
    .createTable('flags')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('recording_id', 'uuid', (c) => c.notNull().references('recordings.id'))
    .addColumn('review_item_id', 'uuid', (c) => c.references('review_items.id'))
    .addColumn('category', 'text', (c) => c.notNull().check(sql.raw(`category in ${CATEGORIES}`)))
    .addColumn('severity', 'text', (c) => c.notNull().check(sql.raw(`severity in ${SEVERITIES}`)))
    .addColumn('start_ms', 'integer', (c) => c.notNull().check(sql`start_ms >= 0`))
    .addColumn('end_ms', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retracted_at', 'timestamptz')
    .addColumn('retracted_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('retract_reason', 'text')
    .addCheckConstraint('flags_range', sql`end_ms > start_ms`)
    .addCheckConstraint('flags_other_has_note', sql`category <> 'other' or coalesce(length(note), 0) > 0`)
    .addCheckConstraint(
      'flags_retraction_whole',
      sql`(retracted_at is null) = (retract_reason is null) and (retracted_at is null) = (retracted_by is null)`,
    )
    .execute();
  await db.schema.createIndex('flags_recording_idx').on('flags').columns(['recording_id', 'start_ms']).execute();

  // Every version of every flag, the first included: editing never loses what was there.
  await db.schema
    .createTable('flag_revisions')
    .addColumn('flag_id', 'uuid', (c) => c.notNull().references('flags.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'integer', (c) => c.notNull())
    .addColumn('end_ms', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('edited_by', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('edited_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('flag_revisions_pk', ['flag_id', 'version'])
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('review_item_id', 'uuid', (c) => c.notNull().references('review_items.id'))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id'))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql.raw(`outcome in ${OUTCOMES}`)))
    .addColumn('suspend_days', 'integer')
    .addColumn('rationale', 'text', (c) => c.notNull().check(sql`length(rationale) > 0`))
    .addColumn('flag_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    // The conduct policy version and clauses the decision relied on, as shown to the decider.
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('policy_clauses', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('decided_by', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reopened_at', 'timestamptz')
    .addColumn('reopened_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('reopen_reason', 'text')
    .addCheckConstraint(
      'decisions_suspension',
      sql`(outcome = 'suspend_user') = (suspend_days is not null) and coalesce(suspend_days, 1) between 1 and 365`,
    )
    .addCheckConstraint(
      'decisions_reopen_whole',
      sql`(reopened_at is null) = (reopen_reason is null) and (reopened_at is null) = (reopened_by is null)`,
    )
    .execute();
  await db.schema.createIndex('decisions_item_idx').on('decisions').columns(['review_item_id', 'decided_at']).execute();
  await db.schema.createIndex('decisions_call_idx').on('decisions').column('call_id').execute();

  // What the call platform polls (GET /v1/ingest/decisions). seq is assigned under an advisory
  // lock held to commit, so it grows in commit order with no gaps: a poller never skips a row.
  await db.schema
    .createTable('decision_feed')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('decision_id', 'uuid', (c) => c.notNull().unique().references('decisions.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('legal_holds')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('recording_id', 'uuid', (c) => c.notNull().references('recordings.id'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(reason) > 0`))
    .addColumn('placed_by', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('placed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz')
    .addColumn('released_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('release_reason', 'text')
    .addCheckConstraint(
      'legal_holds_release_whole',
      sql`(released_at is null) = (release_reason is null) and (released_at is null) = (released_by is null)`,
    )
    .execute();
  await sql`create index legal_holds_active_idx on legal_holds (recording_id) where released_at is null`.execute(db);

  // Staff notes on a platform user or a creator: shown on every review item of that account.
  await db.schema
    .createTable('account_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_type', 'text', (c) => c.notNull().check(sql`account_type in ('user', 'creator')`))
    .addColumn('account_id', 'uuid', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) > 0`))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('account_notes_account_idx')
    .on('account_notes')
    .columns(['account_type', 'account_id', 'created_at'])
    .execute();

  // Organisation-wide settings that admins change in the console (wellbeing defaults, exposure
  // threshold; retention periods later). One row per key, its value validated by the app.
  await db.schema
    .createTable('app_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_by', 'uuid', (c) => c.references('staff_users.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // A person's own choices (wellbeing overrides); absent keys follow the organisation's defaults.
  await db.schema
    .createTable('staff_preferences')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('staff_users.id'))
    .addColumn('wellbeing', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Minutes of media each reviewer played, per Tokyo day and by the worst severity flagged on it.
  await db.schema
    .createTable('exposure_daily')
    .addColumn('staff_user_id', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql.raw(`severity in ('none', ${SEVERITIES.slice(1, -1)})`)))
    .addColumn('played_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('exposure_daily_pk', ['staff_user_id', 'day', 'severity'])
    .execute();
  await db.schema.createIndex('exposure_daily_day_idx').on('exposure_daily').column('day').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'exposure_daily',
    'staff_preferences',
    'app_settings',
    'account_notes',
    'legal_holds',
    'decision_feed',
    'decisions',
    'flag_revisions',
    'flags',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  for (const i of [
    'review_items_queue_idx',
    'review_items_opened_idx',
    'review_items_assignee_idx',
    'review_items_categories_idx',
    'review_items_call_idx',
  ]) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
  await db.schema.alterTable('review_items').dropConstraint('review_items_claim_whole').execute();
  for (const col of [
    'source',
    'queue',
    'priority',
    'priority_reasons',
    'categories',
    'assignee_id',
    'claimed_at',
    'claim_expires_at',
    'opened_by',
    'open_note',
  ]) {
    await db.schema.alterTable('review_items').dropColumn(col).execute();
  }
}
