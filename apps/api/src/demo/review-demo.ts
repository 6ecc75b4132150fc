import type { AppContext } from '../context.ts';
import { findCallByRef } from '../repositories/db/calls-repo.ts';
import { callHasDecisions } from '../repositories/db/decisions-repo.ts';
import { backdateDemoReviews, hasActiveHold } from '../repositories/db/demo-repo.ts';
import { findStoredRecordingForCall } from '../repositories/db/recordings-repo.ts';
import { openItemForCall } from '../repositories/db/review-items-repo.ts';
import { findStaffByEmail } from '../repositories/db/staff-repo.ts';
import type { AuditContext } from '../services/audit/events.ts';
import type { StaffPrincipal } from '../services/auth/principal.ts';
import { decideItem } from '../services/review/decide.ts';
import { createFlag } from '../services/flags/create-flag.ts';
import { placeHold } from '../services/holds/place-hold.ts';
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

async function placeFlag(ctx: AppContext, by: StaffPrincipal, recordingId: string, itemId: string, f: DemoFlag, seconds: number) {
  const startMs = Math.min(f.startS, seconds - 2) * 1000;
  const endMs = Math.min(f.endS * 1000, seconds * 1000, startMs + 10_000);
  const flag = await createFlag(
    ctx,
    by,
    recordingId,
    { category: f.category, severity: f.severity, startMs, endMs, note: f.note, reviewItemId: itemId },
    null,
  );
  return flag.id;
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
    await placeHold(ctx, lead, heldRecording.id, { reason: DEMO_HOLD.reason }, null);
  }
  await backdateDemoReviews(ctx.db);
}
