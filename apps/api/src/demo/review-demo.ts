import type { ConductCategory } from '@kura/contracts';
import type { AppContext } from '../context.ts';
import { findCallByRef } from '../repositories/db/calls-repo.ts';
import { callHasDecisions } from '../repositories/db/decisions-repo.ts';
import { backdateDemoReviews, hasActiveHold, insertDemoFlag, insertDemoHold } from '../repositories/db/demo-repo.ts';
import { findStoredRecordingForCall } from '../repositories/db/recordings-repo.ts';
import { openItemForCall } from '../repositories/db/review-items-repo.ts';
import { findStaffByEmail } from '../repositories/db/staff-repo.ts';
import { appendAudit } from '../services/audit/audit-log.ts';
import type { AuditContext } from '../services/audit/events.ts';
import type { StaffPrincipal } from '../services/auth/principal.ts';
import { decideItem } from '../services/review/decide.ts';
import { reopenReviewItem } from '../services/review/reopen.ts';
import { openSampledItem } from '../services/review/sampling.ts';
import { DEMO_DECISIONS, DEMO_HOLD, DEMO_SAMPLED, type DemoCall, type DemoFlag } from './demo-plan.ts';

// The review workflow's part of the demo: sampled items, flags, a decision of every outcome (one
// reopened and decided again) and a legal hold, made through the services where they exist.
// Resumable like the rest of the seed: whatever a call already has is left alone.

async function demoPrincipal(ctx: AppContext, email: string): Promise<StaffPrincipal> {
  const u = await findStaffByEmail(ctx.db, email);
  if (!u) throw new Error(`demo staff ${email} is missing`);
  return { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, sessionId: 'demo-seed', csrfToken: '' };
}

const asStaff = (p: StaffPrincipal): AuditContext => ({ actor: { type: 'staff', id: p.userId } });

// Flags and holds are written here through their repository insert plus the same audit event the
// flag and hold services write; switch to those services once they are on this branch.
async function placeFlag(ctx: AppContext, by: StaffPrincipal, recordingId: string, itemId: string, f: DemoFlag, seconds: number) {
  const startMs = Math.min(f.startS, seconds - 2) * 1000;
  const endMs = Math.min(f.endS * 1000, seconds * 1000, startMs + 10_000);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const flagId = await insertDemoFlag(tx, {
      recordingId,
      reviewItemId: itemId,
      category: f.category,
      severity: f.severity,
      startMs,
      endMs,
      note: f.note ?? null,
      authorId: by.userId,
      at: now,
    });
    await appendAudit(
      tx,
      asStaff(by),
      {
        action: 'flag.created',
        subject: { type: 'recording', id: recordingId },
        details: { flagId, category: f.category as ConductCategory, severity: f.severity, startMs, endMs, reviewItemId: itemId },
      },
      now,
    );
    return flagId;
  });
}

export async function seedReviewDemo(ctx: AppContext, calls: DemoCall[], seeder: AuditContext): Promise<void> {
  const moderator = await demoPrincipal(ctx, 'moderator@kura.example');
  const lead = await demoPrincipal(ctx, 'lead@kura.example');

  for (const index of DEMO_SAMPLED) {
    const call = await findCallByRef(ctx.db, calls[index]!.ref);
    if (call && !(await openItemForCall(ctx.db, call.id)) && !(await callHasDecisions(ctx.db, call.id))) {
      await openSampledItem(ctx, seeder, call);
    }
  }

  for (const d of DEMO_DECISIONS) {
    const plan = calls[d.callIndex]!;
    const call = await findCallByRef(ctx.db, plan.ref);
    if (!call || (await callHasDecisions(ctx.db, call.id))) continue;
    const itemId = await openItemForCall(ctx.db, call.id);
    const recording = await findStoredRecordingForCall(ctx.db, call.id);
    if (!itemId || !recording) continue;
    const by = d.by === 'lead' ? lead : moderator;
    const flagIds: string[] = [];
    for (const f of d.flags) flagIds.push(await placeFlag(ctx, by, recording.id, itemId, f, plan.seconds));
    await decideItem(ctx, by, itemId, { outcome: d.outcome, rationale: d.rationale, flagIds, suspendDays: d.suspendDays }, null);
    if (d.reopen) {
      await reopenReviewItem(ctx, lead, itemId, d.reopen.reason, null);
      await decideItem(ctx, lead, itemId, { outcome: d.reopen.outcome, rationale: d.reopen.rationale, flagIds }, null);
    }
  }

  const held = await findCallByRef(ctx.db, calls[DEMO_HOLD.callIndex]!.ref);
  const heldRecording = held ? await findStoredRecordingForCall(ctx.db, held.id) : undefined;
  if (heldRecording && !(await hasActiveHold(ctx.db, heldRecording.id))) {
    const now = ctx.now();
    await ctx.db.transaction().execute(async (tx) => {
      const holdId = await insertDemoHold(tx, { recordingId: heldRecording.id, reason: DEMO_HOLD.reason, placedBy: lead.userId, at: now });
      await appendAudit(
        tx,
        asStaff(lead),
        { action: 'hold.placed', subject: { type: 'recording', id: heldRecording.id }, details: { holdId, reason: DEMO_HOLD.reason } },
        now,
      );
    });
  }
  await backdateDemoReviews(ctx.db);
}
