import { sql } from 'kysely';
import type { Db, DbOrTx } from './connect.ts';

// Two roles in production (infra/README.md, "Database roles"): the owner runs migrations and owns
// every table; the application's role gets ordinary DML on them, except audit_events, where it may
// only INSERT and SELECT. Not owning audit_events, it cannot ALTER it (so cannot disable the
// append-only trigger), drop it, or grant itself more.

// Concurrent GRANTs on one object fail with "tuple concurrently updated": processes starting at
// once take turns. Any constant works; it only has to be the same for every process.
const GRANT_LOCK_KEY = 0x6b726167; // "krag"

/** The role a connection acts as. */
export async function currentRole(db: DbOrTx): Promise<string> {
  const { rows } = await sql<{ role: string }>`select current_user as role`.execute(db);
  return rows[0]!.role;
}

/**
 * Run as the owner after migrating: gives `appRole` what the application needs and no more.
 * Idempotent, and it also takes back anything more on audit_events that someone granted by hand.
 * The statements are the ones infra/README.md lists for operators who grant by hand.
 */
export async function grantAppRole(owner: Db, appRole: string): Promise<void> {
  const app = sql.id(appRole);
  await owner.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${GRANT_LOCK_KEY})`.execute(tx);
    for (const statement of [
      sql`grant usage on schema public to ${app}`,
      sql`grant select, insert, update, delete on all tables in schema public to ${app}`,
      sql`grant usage, select on all sequences in schema public to ${app}`,
      // Tables a later migration creates get the same, without waiting for this to run again.
      sql`alter default privileges in schema public grant select, insert, update, delete on tables to ${app}`,
      sql`alter default privileges in schema public grant usage, select on sequences to ${app}`,
      sql`revoke all on audit_events from public, ${app}`,
      sql`grant select, insert on audit_events to ${app}`,
      // The migration bookkeeping is the owner's alone.
      sql`revoke all on kysely_migration, kysely_migration_lock from ${app}`,
      sql`grant select on kysely_migration, kysely_migration_lock to ${app}`,
    ]) {
      await statement.execute(tx);
    }
  });
}

/**
 * What, if anything, lets the connection's role rewrite the audit chain without superuser rights
 * (or keeps it from appending at all). Empty when the role may only INSERT and SELECT there.
 */
export async function auditRoleProblems(db: DbOrTx): Promise<string[]> {
  const { rows } = await sql<{
    role: string;
    owner: string;
    superuser: boolean;
    member_of_owner: boolean;
    may_update: boolean;
    may_delete: boolean;
    may_truncate: boolean;
    may_trigger: boolean;
    may_insert: boolean;
    may_select: boolean;
  }>`
    select current_user as role, pg_get_userbyid(c.relowner) as owner, r.rolsuper as superuser,
      pg_has_role(current_user, c.relowner, 'MEMBER') as member_of_owner,
      has_table_privilege(c.oid, 'UPDATE') as may_update, has_table_privilege(c.oid, 'DELETE') as may_delete,
      has_table_privilege(c.oid, 'TRUNCATE') as may_truncate, has_table_privilege(c.oid, 'TRIGGER') as may_trigger,
      has_table_privilege(c.oid, 'INSERT') as may_insert, has_table_privilege(c.oid, 'SELECT') as may_select
    from pg_class c join pg_roles r on r.rolname = current_user
    where c.oid = 'audit_events'::regclass`.execute(db);
  const p = rows[0]!;
  const problems: string[] = [];
  if (p.superuser) problems.push(`role "${p.role}" is a superuser`);
  else if (p.role === p.owner) problems.push(`role "${p.role}" owns audit_events (and can disable its append-only trigger)`);
  else if (p.member_of_owner) problems.push(`role "${p.role}" is a member of "${p.owner}", which owns audit_events`);
  const extra = (
    [
      ['UPDATE', p.may_update],
      ['DELETE', p.may_delete],
      ['TRUNCATE', p.may_truncate],
      ['TRIGGER', p.may_trigger],
    ] as const
  )
    .filter(([, may]) => may)
    .map(([what]) => what);
  if (extra.length && problems.length === 0) problems.push(`role "${p.role}" has ${extra.join(', ')} on audit_events`);
  if (!p.may_insert || !p.may_select) problems.push(`role "${p.role}" cannot INSERT and SELECT audit_events`);
  return problems;
}
