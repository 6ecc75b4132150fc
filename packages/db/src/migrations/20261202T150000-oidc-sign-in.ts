import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.

// Staff sign-in through OpenID Connect. A person at the identity provider is (issuer, subject):
// the `sub` claim is unique and stable only within its issuer, and an email address can be
// reassigned, so the link to a staff account is kept here rather than matched by email each time.
//
// oidc_sign_ins holds a browser's sign-in in flight between /start and /callback, keyed by the
// SHA-256 of a random value that only the browser's cookie holds (a row alone cannot be replayed,
// and the PKCE verifier is derived from that value, so it is not stored at all). Single use:
// the callback deletes the row it reads.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_identities')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('staff_users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_login_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_identities_pkey', ['issuer', 'subject'])
    .execute();
  await db.schema.createIndex('staff_identities_user_idx').on('staff_identities').column('user_id').execute();

  await db.schema
    .createTable('oidc_sign_ins')
    .addColumn('binding_hash', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_sign_ins_expiry_idx').on('oidc_sign_ins').column('expires_at').execute();
  await sql`comment on table oidc_sign_ins is 'OpenID Connect sign-ins between start and callback; single use, minutes long'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oidc_sign_ins').ifExists().execute();
  await db.schema.dropTable('staff_identities').ifExists().execute();
}
