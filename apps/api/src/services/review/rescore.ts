import type { AppContext } from '../../context.ts';
import { openItemsOfAccountsOfCall, unscoredOpenItems } from '../../repositories/db/review-items-repo.ts';
import { rescoreOpenItem } from './priority.ts';

// Background rescoring (jobs review.rescore and review.rescore-unscored). Each item gets its own
// short transaction: a long one would hold row locks that claims and decisions wait for.

/** The open items of a call's user and creator, after their history changed. */
export async function rescoreAccountsOfCall(ctx: AppContext, callId: string): Promise<number> {
  let n = 0;
  for (const id of await openItemsOfAccountsOfCall(ctx.db, callId)) {
    if (await ctx.db.transaction().execute((tx) => rescoreOpenItem(tx, id))) n++;
  }
  return n;
}

/** Open items from before priorities existed (score 0, no reasons); run at start-up. */
export async function rescoreUnscored(ctx: AppContext, batch = 200): Promise<number> {
  let n = 0;
  let after: string | undefined;
  for (;;) {
    const ids = await unscoredOpenItems(ctx.db, after, batch);
    if (ids.length === 0) return n;
    for (const id of ids) {
      if (await ctx.db.transaction().execute((tx) => rescoreOpenItem(tx, id))) n++;
    }
    after = ids[ids.length - 1];
  }
}
