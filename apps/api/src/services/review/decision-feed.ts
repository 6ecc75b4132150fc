import type { DecisionFeedItemDto, DecisionFeedQuery, DecisionFeedResponse } from '@kura/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { badRequest } from '../../lib/errors.ts';
import { feedAfter } from '../../repositories/db/decisions-repo.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { AuditContext } from '../audit/events.ts';

type Query = z.output<typeof DecisionFeedQuery>;

// The cursor is opaque to the platform; today it is the feed's seq behind a version tag.
const PREFIX = 'd1.';
export const encodeFeedCursor = (seq: number) => `${PREFIX}${Buffer.from(String(seq)).toString('base64url')}`;

function decodeFeedCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const raw = cursor.startsWith(PREFIX) ? Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8') : '';
  if (!/^(0|[1-9]\d{0,14})$/.test(raw)) throw badRequest('bad_cursor', 'since is not a cursor this server issued');
  return Number(raw);
}

/**
 * What the call platform polls to act on decisions: in commit order, no gaps, each decision
 * once. Only the platform's own references: no staff, no rationale, no notes.
 */
export async function pollDecisions(ctx: AppContext, audit: AuditContext, q: Query): Promise<DecisionFeedResponse> {
  const since = decodeFeedCursor(q.since);
  const rows = await feedAfter(ctx.db, since, q.limit);
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    audit,
    { action: 'decisions.polled', subject: { type: 'decision_feed', id: '*' }, details: { since, count: rows.length } },
    ctx.now(),
  );
  const items: DecisionFeedItemDto[] = rows.map((r) => ({
    decisionId: r.id,
    callRef: r.call_ref,
    userRef: r.user_ref,
    creatorRef: r.creator_ref,
    outcome: r.outcome as DecisionFeedItemDto['outcome'],
    suspendDays: r.suspend_days,
    decidedAt: r.decided_at.toISOString(),
    supersedes: r.supersedes,
  }));
  return { items, next: encodeFeedCursor(rows.length ? rows[rows.length - 1]!.seq : since) };
}
