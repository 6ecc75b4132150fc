import {
  DISCLOSURE_EXEMPTION_TEXT,
  type ConductCategory,
  type DisclosureExportDto,
  type DisclosureRequestDto,
  type ListDisclosureRequestsQuery,
  type ListDisclosureRequestsResponse,
  type Purpose,
  type StaffAccessRole,
} from '@kura/contracts';
import type { DbTx, Role } from '@kura/db';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import {
  accessToUserData,
  accountNotesAboutUser,
  callsOfUser,
  decisionsOfUser,
  disclosureSubject,
  findDisclosureRequest,
  flagsOfUser,
  listDisclosureRequests,
  lockDisclosureRequest,
  markDisclosureDone,
  packetIdsOfUser,
  provisionRecordsAboutUser,
  recordingsOfUser,
  reportsOfUser,
  reviewItemIdsOfUser,
  userEventsOfUser,
  type DisclosureRequestRow,
} from '../../repositories/db/disclosure-repo.ts';
import { appendAudit, recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';

type ListQuery = z.output<typeof ListDisclosureRequestsQuery>;
type Withheld = DisclosureExportDto['withheld'][number];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function requestDto(r: DisclosureRequestRow): DisclosureRequestDto {
  return {
    id: r.id,
    userRef: r.user_ref,
    requestRef: r.request_ref,
    at: r.at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    status: r.status,
    resolvedAt: iso(r.resolved_at),
  };
}

/** Open disclosure requests first; the look is audited (it names users). */
export async function listDisclosures(
  ctx: AppContext,
  staff: StaffPrincipal,
  q: ListQuery,
  requestId: string,
): Promise<ListDisclosureRequestsResponse> {
  const rows = await listDisclosureRequests(ctx.db, q.status);
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    {
      action: 'disclosures.listed',
      subject: { type: 'user_events', id: '*' },
      details: { filters: q.status ? { status: q.status } : {}, count: rows.length },
    },
    ctx.now(),
  );
  return { items: rows.map(requestDto) };
}

export async function getDisclosure(ctx: AppContext, staff: StaffPrincipal, id: string, requestId: string): Promise<DisclosureRequestDto> {
  const row = await findDisclosureRequest(ctx.db, id);
  if (!row) throw notFound('disclosure request');
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    { action: 'disclosures.listed', subject: { type: 'user_events', id: '*' }, details: { filters: { id }, count: 1 } },
    ctx.now(),
  );
  return requestDto(row);
}

/**
 * Produces the export for a disclosure request and marks it done, in one transaction with its
 * audit event: if the event cannot be written, nothing leaves. Producing it again later is allowed
 * (a lost download) and audited again; a refused request cannot be produced.
 */
export async function produceDisclosure(
  ctx: AppContext,
  staff: StaffPrincipal,
  id: string,
  requestId: string,
): Promise<DisclosureExportDto> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const req = await lockDisclosureRequest(tx, id);
    if (!req) throw notFound('disclosure request');
    if (req.status === 'refused') throw conflict('request_refused', 'this request was refused; there is nothing to produce');
    // Done first, so that the export itself reports this request as answered.
    const first = req.status === 'pending';
    if (first) await markDisclosureDone(tx, id, staff.userId, now);
    const doc = await buildExport(tx, req.user_id, { requestId: id, requestRef: req.request_ref, producedAt: now });
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      {
        action: 'disclosure.exported',
        subject: { type: 'platform_user', id: req.user_id },
        details: {
          eventId: id,
          requestRef: req.request_ref,
          counts: {
            calls: doc.calls.length,
            recordings: doc.recordings.length,
            reports: doc.reports.length,
            flags: doc.flags.length,
            decisions: doc.decisions.length,
            provisionRecords: doc.provisionRecords.length,
            requests: doc.requests.length,
          },
          withheld: doc.withheld.length,
          first,
        },
      },
      now,
    );
    return doc;
  });
}

/** One role per person for the summary: the one that explains the access best. */
const ROLE_ORDER: Role[] = ['lead', 'moderator', 'auditor', 'admin'];
function accessRole(actorType: string, roles: Role[] | null): StaffAccessRole {
  if (actorType === 'agency') return 'agency';
  return ROLE_ORDER.find((r) => roles?.includes(r)) ?? 'admin';
}

// Outcomes that concern the creator alone: about another person, so withheld whole.
const ABOUT_CREATOR = new Set(['warn_creator']);

export async function buildExport(
  tx: DbTx,
  userId: string,
  meta: { requestId: string; requestRef: string | null; producedAt: Date },
): Promise<DisclosureExportDto> {
  const user = await disclosureSubject(tx, userId);
  const [calls, recordings, reports, flags, decisions, provision, events, notes, itemIds, packetIds] = await Promise.all([
    callsOfUser(tx, userId),
    recordingsOfUser(tx, userId),
    reportsOfUser(tx, userId),
    flagsOfUser(tx, userId),
    decisionsOfUser(tx, userId),
    provisionRecordsAboutUser(tx, user.ref),
    userEventsOfUser(tx, userId),
    accountNotesAboutUser(tx, userId),
    reviewItemIdsOfUser(tx, userId),
    packetIdsOfUser(tx, userId),
  ]);
  const withheld: Withheld[] = [];

  for (const r of recordings) {
    // The picture and voice are the creator's as much as the user's: copies go through the
    // company's own procedure, not this export.
    if (r.state !== 'expired')
      withheld.push({ kind: 'recording_media', callRef: r.call_ref, at: iso(r.uploaded_at), exemption: 'third_party_harm' });
  }
  const reportDtos = reports.map((r) => {
    const own = r.reporter === 'user';
    // A creator's words about the user could expose the creator to retaliation.
    if (!own && r.note)
      withheld.push({ kind: 'report_note', callRef: r.call_ref, at: r.created_at.toISOString(), exemption: 'third_party_harm' });
    return {
      callRef: r.call_ref,
      direction: own ? ('by_user' as const) : ('about_user' as const),
      reporter: r.reporter,
      category: r.category as ConductCategory,
      atSeconds: r.at_seconds,
      createdAt: r.created_at.toISOString(),
      note: own ? r.note : null,
    };
  });
  const flagDtos = flags.map((f) => {
    if (f.note) withheld.push({ kind: 'flag_note', callRef: f.call_ref, at: f.created_at.toISOString(), exemption: 'business_hindrance' });
    return {
      callRef: f.call_ref,
      category: f.category,
      severity: f.severity,
      startMs: f.start_ms,
      endMs: f.end_ms,
      createdAt: f.created_at.toISOString(),
      retractedAt: iso(f.retracted_at),
    };
  });
  const decisionDtos: DisclosureExportDto['decisions'] = [];
  for (const d of decisions) {
    if (ABOUT_CREATOR.has(d.outcome)) {
      withheld.push({ kind: 'decision_about_creator', callRef: d.call_ref, at: d.decided_at.toISOString(), exemption: 'third_party_harm' });
      continue;
    }
    withheld.push({ kind: 'decision_rationale', callRef: d.call_ref, at: d.decided_at.toISOString(), exemption: 'business_hindrance' });
    decisionDtos.push({
      callRef: d.call_ref,
      outcome: d.outcome,
      suspendDays: d.suspend_days,
      decidedAt: d.decided_at.toISOString(),
      policyVersion: d.policy_version,
      policyClauses: d.policy_clauses,
      reopenedAt: iso(d.reopened_at),
    });
  }
  for (const n of notes)
    withheld.push({ kind: 'account_note', callRef: null, at: n.created_at.toISOString(), exemption: 'business_hindrance' });

  const access = await accessToUserData(tx, [
    { type: 'platform_user', ids: [userId] },
    { type: 'call', ids: calls.map((c) => c.id) },
    { type: 'recording', ids: recordings.map((r) => r.id) },
    { type: 'report', ids: reports.map((r) => r.id) },
    { type: 'review_item', ids: itemIds },
    { type: 'packet', ids: packetIds },
  ]);
  const summary = new Map<string, DisclosureExportDto['staffAccess'][number]>();
  for (const a of access) {
    const role = accessRole(a.actor_type, a.roles);
    const purpose = (a.purpose as Purpose | null) ?? null;
    const key = JSON.stringify([a.day, role, a.action, purpose]);
    const entry = summary.get(key) ?? { day: a.day, role, action: a.action, purpose, count: 0 };
    entry.count += Number(a.n);
    summary.set(key, entry);
  }
  const staffAccess = [...summary.values()].sort(
    (x, y) =>
      x.day.localeCompare(y.day) ||
      x.role.localeCompare(y.role) ||
      x.action.localeCompare(y.action) ||
      (x.purpose ?? '').localeCompare(y.purpose ?? ''),
  );

  return {
    type: 'kura.disclosure_export',
    version: 1,
    requestId: meta.requestId,
    requestRef: meta.requestRef,
    producedAt: meta.producedAt.toISOString(),
    subject: { userRef: user.ref, minor: user.is_minor, withdrawnAt: iso(user.withdrawn_at) },
    calls: calls.map((c) => ({
      ref: c.ref,
      startedAt: c.started_at.toISOString(),
      endedAt: c.ended_at.toISOString(),
      creator: { ref: c.creator_ref, name: c.creator_name },
      agency: { ref: c.agency_ref, name: c.agency_name },
    })),
    recordings: recordings.map((r) => ({
      callRef: r.call_ref,
      state: r.state,
      contentType: r.content_type,
      durationMs: r.duration_ms,
      bytes: r.plaintext_bytes,
      sha256: r.sha256,
      uploadedAt: iso(r.uploaded_at),
      retainUntil: iso(r.retain_until),
      retentionReason: r.retention_reason,
      retentionPolicyVersion: r.policy_version,
      privacyPolicyVersion: r.privacy_policy_version,
      expiredAt: iso(r.expired_at),
    })),
    reports: reportDtos,
    flags: flagDtos,
    decisions: decisionDtos,
    provisionRecords: provision.map((p) => ({
      providedAt: p.provided_at.toISOString(),
      recipient: { ref: p.recipient_ref, name: p.recipient_agency_name },
      items: p.items,
      basis: p.basis,
      privacyPolicyVersion: p.privacy_policy_version,
    })),
    requests: events.map((e) => ({
      type: e.type,
      at: e.at.toISOString(),
      receivedAt: e.received_at.toISOString(),
      status: e.status,
      reason: e.status_reason,
    })),
    staffAccess,
    withheld,
    exemptions: DISCLOSURE_EXEMPTION_TEXT,
  };
}
