import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.

// Sign-ins refused by the rate limit are counted here, outside the audit chain: a burst of them
// must not become a burst of permanent audit rows. audit_seq names the audit event that reported
// a refusal; null means it is still waiting for its email-and-address pair's next audit row.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('login_attempts')
    .addColumn('refused', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('audit_seq', 'bigint')
    .execute();
  await sql`create index login_attempts_refusals_idx on login_attempts (email, ip, attempted_at) where refused`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists login_attempts_refusals_idx`.execute(db);
  await db.schema.alterTable('login_attempts').dropColumn('audit_seq').dropColumn('refused').execute();
}
