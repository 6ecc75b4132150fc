import { sql } from 'kysely';
import type { DbOrTx, DbTx } from '@kura/db';

// Organisation-wide settings (app_settings) and each person's own preferences.

const SETTINGS_LOCK = 0x6b75_0010;

/** Serialises settings changes, so the "from" each one records is what it really replaced. */
export async function lockSettings(tx: DbTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SETTINGS_LOCK})`.execute(tx);
}

export async function readSettings(db: DbOrTx, keys: string[]): Promise<Map<string, unknown>> {
  const rows = await db.selectFrom('app_settings').select(['key', 'value']).where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function writeSetting(tx: DbTx, key: string, value: unknown, by: string, at: Date): Promise<void> {
  const json = JSON.stringify(value);
  await tx
    .insertInto('app_settings')
    .values({ key, value: json, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_by: by, updated_at: at }))
    .execute();
}

export async function readPreferences(db: DbOrTx, userId: string): Promise<Record<string, unknown> | undefined> {
  const row = await db.selectFrom('staff_preferences').select('wellbeing').where('user_id', '=', userId).executeTakeFirst();
  return row?.wellbeing;
}

export async function writePreferences(tx: DbTx, userId: string, wellbeing: Record<string, unknown>, at: Date): Promise<void> {
  const json = JSON.stringify(wellbeing);
  await tx
    .insertInto('staff_preferences')
    .values({ user_id: userId, wellbeing: json, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ wellbeing: json, updated_at: at }))
    .execute();
}

/** Locks the person's preferences row (if any) until the transaction ends. */
export async function lockPreferences(tx: DbTx, userId: string): Promise<Record<string, unknown> | undefined> {
  const row = await tx.selectFrom('staff_preferences').select('wellbeing').where('user_id', '=', userId).forUpdate().executeTakeFirst();
  return row?.wellbeing;
}
