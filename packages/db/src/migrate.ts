import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/20261125T120000-foundation.ts';
import * as access from './migrations/20261125T130000-purpose-bound-access.ts';
import * as anonymousActor from './migrations/20261202T100000-anonymous-actor.ts';
import * as loginRefusals from './migrations/20261202T100100-login-refusals.ts';
import * as review from './migrations/20261202T110000-review-workflow.ts';
import * as reviewQueue from './migrations/20261202T120000-review-queue.ts';
import * as packets from './migrations/20261202T130000-evidence-packets.ts';
import * as oidcSignIn from './migrations/20261202T150000-oidc-sign-in.ts';
import * as retention from './migrations/20261202T160000-retention.ts';
import * as listIndexes from './migrations/20261202T220000-list-indexes.ts';
import * as reviewItemAgency from './migrations/20261202T230000-review-item-agency.ts';
import * as agencyLists from './migrations/20261203T170000-agency-lists.ts';
import * as closedItemsIndex from './migrations/20261203T200000-closed-items-index.ts';
import type { Db } from './connect.ts';

// Listed explicitly (not read from disk) so migrations run the same from source, tests and bundles.
const migrations: Record<string, Migration> = {
  '20261125T120000-foundation': foundation,
  '20261125T130000-purpose-bound-access': access,
  '20261202T100000-anonymous-actor': anonymousActor,
  '20261202T100100-login-refusals': loginRefusals,
  '20261202T110000-review-workflow': review,
  '20261202T120000-review-queue': reviewQueue,
  '20261202T130000-evidence-packets': packets,
  '20261202T150000-oidc-sign-in': oidcSignIn,
  '20261202T160000-retention': retention,
  '20261202T220000-list-indexes': listIndexes,
  '20261202T230000-review-item-agency': reviewItemAgency,
  '20261203T170000-agency-lists': agencyLists,
  '20261203T200000-closed-items-index': closedItemsIndex,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
