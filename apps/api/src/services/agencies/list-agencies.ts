import type { ListAgenciesResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { listAgencies } from '../../repositories/db/recording-queries.ts';

/** Agencies for the console's filters: names and refs only, no personal data. */
export async function agencyOptions(ctx: AppContext): Promise<ListAgenciesResponse> {
  return { items: await listAgencies(ctx.db) };
}
