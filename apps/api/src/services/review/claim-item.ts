import type { ReviewItemDetailDto, ReviewQueue, StaffRefDto } from '@kura/contracts';
import type { DbTx } from '@kura/db';
import type { AppContext } from '../../context.ts';
import { AppError, conflict, forbidden, notFound } from '../../lib/errors.ts';
import {
  clearClaim,
  extendLiveClaim,
  findAssignable,
  liveClaimOf,
  lockItem,
  lockNextClaimable,
  serialiseNextFor,
  setClaim,
  type LockedItem,
} from '../../repositories/db/review-claims-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext, AuditEventInput } from '../audit/events.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { assertLead, isLead } from '../access/policy.ts';
import { loadDetail } from './item-dto.ts';

// Taking, keeping, handing back and handing out review items. A claim is an assignee with an
// expiry: it lapses after config.claimIdleMinutes without activity from its holder, and a lapsed
// claim is anyone's to take.

export const claimExpiry = (ctx: AppContext, now: Date) => new Date(now.getTime() + ctx.config.claimIdleMinutes * 60_000);

const staffAudit = (staff: StaffPrincipal, requestId: string | null): AuditContext => ({
  actor: { type: 'staff', id: staff.userId },
  requestId,
});

export function holdsLiveClaim(item: Pick<LockedItem, 'assignee_id' | 'claim_expires_at'>, now: Date): boolean {
  return !!item.assignee_id && !!item.claim_expires_at && item.claim_expires_at > now;
}

/** 409 `claimed`, naming who holds the item (the console offers to ask them or a lead). */
export function claimedBy(holder: StaffRefDto): AppError {
  return new AppError(409, 'claimed', `this item is being reviewed by ${holder.displayName}`, { holder });
}

export function assertNotClaimedByOther(item: LockedItem, staffId: string, now: Date): void {
  if (holdsLiveClaim(item, now) && item.assignee_id !== staffId) {
    throw claimedBy({ id: item.assignee_id!, displayName: item.assignee_name ?? '' });
  }
}

/** Escalated items are the leads' to work. */
export function assertMayWork(item: LockedItem, staff: StaffPrincipal): void {
  if (item.queue === 'leads' && !isLead(staff)) throw forbidden('this item was escalated to the leads');
}

async function lockOpen(tx: DbTx, id: string): Promise<LockedItem> {
  const item = await lockItem(tx, id);
  if (!item) throw notFound('review item');
  if (item.status === 'closed') throw conflict('closed', 'this review item is closed');
  return item;
}

export async function claimItem(
  ctx: AppContext,
  staff: StaffPrincipal,
  id: string,
  requestId: string | null,
): Promise<ReviewItemDetailDto> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await lockOpen(tx, id);
    assertMayWork(item, staff);
    assertNotClaimedByOther(item, staff.userId, now);
    const expiresAt = claimExpiry(ctx, now);
    await setClaim(tx, id, staff.userId, now, expiresAt);
    await appendAudit(
      tx,
      staffAudit(staff, requestId),
      { action: 'review.claimed', subject: { type: 'review_item', id }, details: { via: 'claim', expiresAt: expiresAt.toISOString() } },
      now,
    );
  });
  return loadDetail(ctx.db, id, now);
}

/**
 * "Start reviewing": the caller's current item if they hold one (no hoarding), else the most
 * urgent item nobody holds. Leads take the leads' queue first. Null when there is nothing.
 */
export async function claimNext(ctx: AppContext, staff: StaffPrincipal, requestId: string | null): Promise<ReviewItemDetailDto | null> {
  const now = ctx.now();
  const queues: ReviewQueue[] = isLead(staff) ? ['leads', 'moderators'] : ['moderators'];
  const id = await ctx.db.transaction().execute(async (tx) => {
    // One "next" at a time per person, so a double click cannot take two items.
    await serialiseNextFor(tx, staff.userId);
    const held = await liveClaimOf(tx, staff.userId, now);
    const taken = held ?? (await lockNextClaimable(tx, queues, now));
    if (!taken) return null;
    const expiresAt = claimExpiry(ctx, now);
    if (held) await extendLiveClaim(tx, held, staff.userId, now, expiresAt);
    else await setClaim(tx, taken, staff.userId, now, expiresAt);
    await appendAudit(
      tx,
      staffAudit(staff, requestId),
      {
        action: 'review.claimed',
        subject: { type: 'review_item', id: taken },
        details: { via: 'next', expiresAt: expiresAt.toISOString() },
      },
      now,
    );
    return taken;
  });
  return id ? loadDetail(ctx.db, id, now) : null;
}

/** The holder (or a lead) hands the item back to the queue. */
export async function releaseItem(
  ctx: AppContext,
  staff: StaffPrincipal,
  id: string,
  requestId: string | null,
): Promise<ReviewItemDetailDto> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await lockOpen(tx, id);
    if (!item.assignee_id) throw conflict('not_claimed', 'nobody holds this item');
    // A lapsed claim is nobody's, so anyone may clear it; a live one only its holder or a lead.
    if (!isLead(staff)) assertNotClaimedByOther(item, staff.userId, now);
    await clearClaim(tx, id);
    await appendAudit(
      tx,
      staffAudit(staff, requestId),
      { action: 'review.released', subject: { type: 'review_item', id }, details: { assigneeId: item.assignee_id } },
      now,
    );
  });
  return loadDetail(ctx.db, id, now);
}

/** Who items may be given to: enabled moderators and leads. */
export async function assignableTarget(tx: DbTx, staffUserId: string) {
  const target = await findAssignable(tx, staffUserId);
  if (!target) throw new AppError(400, 'not_assignable', 'items can be assigned only to enabled moderators and leads');
  return { ...target, lead: target.roles.includes('lead') };
}

/**
 * The row change of an assignment, in the caller's transaction; the caller appends the event it
 * returns once all its rows are written.
 */
export async function assignRow(
  ctx: AppContext,
  tx: DbTx,
  item: LockedItem,
  staffUserId: string,
  now: Date,
  batchId?: string,
): Promise<AuditEventInput> {
  const previous = holdsLiveClaim(item, now) ? item.assignee_id : null;
  await setClaim(tx, item.id, staffUserId, now, claimExpiry(ctx, now));
  return {
    action: 'review.assigned',
    subject: { type: 'review_item', id: item.id },
    details: { assigneeId: staffUserId, previousAssigneeId: previous, ...(batchId ? { batchId } : {}) },
  };
}

/** A lead gives the item to a reviewer, taking it from whoever held it. */
export async function assignItem(
  ctx: AppContext,
  staff: StaffPrincipal,
  id: string,
  staffUserId: string,
  requestId: string | null,
): Promise<ReviewItemDetailDto> {
  assertLead(staff, 'assign review items');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await lockOpen(tx, id);
    const target = await assignableTarget(tx, staffUserId);
    if (item.queue === 'leads' && !target.lead)
      throw new AppError(400, 'not_assignable', 'an escalated item can be assigned only to a lead');
    await appendAudit(tx, staffAudit(staff, requestId), await assignRow(ctx, tx, item, staffUserId, now), now);
  });
  return loadDetail(ctx.db, id, now);
}

/**
 * The holder did something on the item (viewed it, flagged on it): their claim lives on. For
 * other services' transactions too; call it before appending the audit event.
 */
export async function noteHolderActivity(ctx: AppContext, tx: DbTx, itemId: string, staffId: string, now: Date): Promise<boolean> {
  return extendLiveClaim(tx, itemId, staffId, now, claimExpiry(ctx, now));
}
