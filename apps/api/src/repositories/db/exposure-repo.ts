import { sql } from 'kysely';
import type { DbOrTx, Severity } from '@kura/db';

export type ExposureSeverityValue = 'none' | Severity;

/** Adds played time to the person's total for the day and severity (one row each). */
export async function addExposure(
  db: DbOrTx,
  e: { staffUserId: string; day: string; severity: ExposureSeverityValue; playedMs: number; at: Date },
): Promise<void> {
  await db
    .insertInto('exposure_daily')
    .values({ staff_user_id: e.staffUserId, day: e.day, severity: e.severity, played_ms: e.playedMs, updated_at: e.at })
    .onConflict((oc) =>
      oc.columns(['staff_user_id', 'day', 'severity']).doUpdateSet({
        played_ms: sql<number>`exposure_daily.played_ms + excluded.played_ms`,
        updated_at: e.at,
      }),
    )
    .execute();
}

export async function exposureOf(db: DbOrTx, staffUserId: string, day: string) {
  return db
    .selectFrom('exposure_daily')
    .select(['severity', 'played_ms'])
    .where('staff_user_id', '=', staffUserId)
    .where('day', '=', day)
    .execute();
}

/** The day's totals per severity over everyone, and how many people played anything: no names. */
export async function teamExposure(db: DbOrTx, day: string) {
  const [bySeverity, people] = await Promise.all([
    db
      .selectFrom('exposure_daily')
      .select(['severity', sql<string>`sum(played_ms)`.as('played_ms')])
      .where('day', '=', day)
      .groupBy('severity')
      .execute(),
    db
      .selectFrom('exposure_daily')
      .select(sql<string>`count(distinct staff_user_id)`.as('n'))
      .where('day', '=', day)
      .where('played_ms', '>', 0)
      .executeTakeFirstOrThrow(),
  ]);
  return { bySeverity: bySeverity.map((r) => ({ severity: r.severity, played_ms: Number(r.played_ms) })), reviewers: Number(people.n) };
}
