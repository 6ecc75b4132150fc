import { accountAdminDb } from './account-admin';
import {
  AssignBody,
  BulkReviewBody,
  conductClauses,
  CONDUCT_POLICY_VERSION,
  CreateAccountNoteBody,
  CreateFlagBody,
  DecisionBody,
  ExposureHeartbeatBody,
  leadOnlyOutcomes,
  ListReviewItemsQuery,
  outcomesNeedingFlags,
  priorityBands,
  ReasonBody,
  UpdateFlagBody,
  type AssignableStaffResponse,
  type BulkReviewResponse,
  type DecisionDto,
  type FlagDto,
  type HoldDto,
  type ListReviewItemsResponse,
  type ReviewContextDto,
  type ReviewItemDetailDto,
  type ReviewItemSummaryDto,
  type ReviewStatus,
} from '@kura/contracts';
import { http, HttpResponse } from 'msw';
import { moderator } from './data';
import { db } from './db';
import { apiError } from './handlers';
import { contextCalls, lead, otherModerator, ref } from './review-data';
import { nextId, reviewDb } from './review-db';

// The review workflow's API as the console sees it (packages/contracts/src/review.ts), in memory.

const CLAIM_MS = 30 * 60_000;

const me = () => db.session?.user ?? null;
const isLeadUser = () => !!me()?.roles.includes('lead');
const unauthenticated = () => (db.session ? null : apiError(401, 'unauthenticated'));
const badCsrf = (request: Request) => (request.headers.get('x-csrf-token') === db.session?.csrfToken ? null : apiError(403, 'csrf'));
const notReviewer = () => (me()?.roles.some((r) => r === 'moderator' || r === 'lead') ? null : apiError(403, 'forbidden'));
const notLead = () => (isLeadUser() ? null : apiError(403, 'forbidden'));
const guard = (request: Request, role: 'reviewer' | 'lead' = 'reviewer') =>
  unauthenticated() ?? (request.method === 'GET' ? null : badCsrf(request)) ?? (role === 'lead' ? notLead() : notReviewer());

const findItem = (id: unknown) => reviewDb.items.find((i) => i.id === id);
const itemsOfRecording = (recordingId: unknown) => reviewDb.items.filter((i) => i.recording?.id === recordingId);
const now = () => new Date().toISOString();

function summary(item: ReviewItemDetailDto): ReviewItemSummaryDto {
  const { openedBy, openNote, reports, flags, decisions, holds, ...rest } = item;
  return rest;
}

function claimFor(item: ReviewItemDetailDto, staff: { id: string; displayName: string }) {
  item.status = 'claimed';
  item.assignee = { id: staff.id, displayName: staff.displayName };
  item.claimExpiresAt = new Date(Date.now() + CLAIM_MS).toISOString();
}

function unclaim(item: ReviewItemDetailDto) {
  item.assignee = null;
  item.claimExpiresAt = null;
  item.status = item.status === 'closed' ? 'closed' : item.queue === 'leads' ? 'escalated' : 'open';
}

/** Where a recording's flags or holds change, every item of that recording shows it. */
function syncRecording(recordingId: string, change: (item: ReviewItemDetailDto) => void) {
  for (const item of itemsOfRecording(recordingId)) change(item);
  const recording = db.recordings.find((r) => r.id === recordingId);
  if (recording) {
    const item = itemsOfRecording(recordingId)[0];
    if (item) {
      recording.holds = item.holds;
      recording.onHold = item.onHold;
    }
  }
}

const bandOrder = (band: string) => priorityBands.indexOf(band as (typeof priorityBands)[number]);

export const reviewHandlers = [
  http.get('/api/review-items', ({ request }) => {
    const denied = guard(request);
    if (denied) return denied;
    const params = new URL(request.url).searchParams;
    const parsed = ListReviewItemsQuery.safeParse(Object.fromEntries(params));
    if (!parsed.success) return apiError(400, 'invalid_request');
    const q = parsed.data;
    const user = me()!;
    const matches = (item: ReviewItemDetailDto, withStatus: boolean) =>
      (!withStatus || !q.status || item.status === q.status) &&
      (!q.category || item.categories.includes(q.category)) &&
      (!q.agency || item.agency.ref === q.agency) &&
      (!q.creator || item.creator.ref === q.creator) &&
      (!q.assignee || item.assignee?.id === q.assignee) &&
      (q.mine !== 'true' || item.assignee?.id === user.id) &&
      (!q.priority || item.priorityBand === q.priority) &&
      (!q.sampled || (item.source === 'sample') === (q.sampled === 'true')) &&
      (!q.from || item.openedAt.slice(0, 10) >= q.from) &&
      (!q.to || item.openedAt.slice(0, 10) <= q.to);
    const sorted = reviewDb.items
      .filter((i) => matches(i, true))
      .sort((a, b) =>
        q.sort === 'oldest'
          ? a.openedAt.localeCompare(b.openedAt)
          : q.sort === 'newest'
            ? b.openedAt.localeCompare(a.openedAt)
            : b.priority - a.priority || bandOrder(a.priorityBand) - bandOrder(b.priorityBand),
      );
    const limit = params.has('limit') ? q.limit : reviewDb.pageSize;
    const start = q.cursor ? Number(q.cursor.replace('page-', '')) : 0;
    const page = sorted.slice(start, start + limit);
    const counts = { open: 0, claimed: 0, escalated: 0, closed: 0 } satisfies Record<ReviewStatus, number>;
    for (const item of reviewDb.items.filter((i) => matches(i, false))) {
      counts[item.status] = Math.min(counts[item.status] + 1, reviewDb.countLimit);
    }
    const waiting = reviewDb.items.filter((i) => i.status === 'open' || i.status === 'escalated').map((i) => i.openedAt);
    return HttpResponse.json<ListReviewItemsResponse>({
      items: page.map(summary),
      nextCursor: start + limit < sorted.length ? `page-${start + limit}` : null,
      counts,
      countLimit: reviewDb.countLimit,
      oldestWaitingAt: waiting.sort()[0] ?? null,
    });
  }),

  http.post('/api/review-items/next', ({ request }) => {
    const denied = guard(request);
    if (denied) return denied;
    const user = me()!;
    const held = reviewDb.items.find((i) => i.status === 'claimed' && i.assignee?.id === user.id);
    if (held) return HttpResponse.json(held);
    const queues = isLeadUser() ? ['leads', 'moderators'] : ['moderators'];
    for (const queue of queues) {
      const candidate = reviewDb.items
        .filter((i) => i.queue === queue && (i.status === 'open' || i.status === 'escalated'))
        .sort((a, b) => b.priority - a.priority)[0];
      if (candidate) {
        claimFor(candidate, user);
        return HttpResponse.json(candidate);
      }
    }
    return new HttpResponse(null, { status: 204 });
  }),

  http.get('/api/review-items/assignable-staff', ({ request }) => {
    const denied = guard(request, 'lead');
    if (denied) return denied;
    return HttpResponse.json<AssignableStaffResponse>({
      items: [{ ...ref(moderator), roles: ['moderator'] }, { ...ref(lead), roles: ['lead'] }, otherModerator],
    });
  }),

  http.post('/api/review-items/bulk', async ({ request }) => {
    const body = BulkReviewBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const denied = guard(request, body.data.action === 'assign' ? 'lead' : 'reviewer');
    if (denied) return denied;
    reviewDb.bulkBodies.push(body.data);
    const user = me()!;
    const response: BulkReviewResponse = { batchId: nextId('batch'), done: [], skipped: [] };
    const bulk = body.data;
    for (const id of bulk.ids) {
      const item = findItem(id);
      if (!item) response.skipped.push({ id, code: 'not_found' });
      else if (item.status === 'closed') response.skipped.push({ id, code: 'closed' });
      else if (bulk.action === 'close_no_violation' && item.status === 'claimed' && item.assignee?.id !== user.id) {
        response.skipped.push({ id, code: 'claimed' });
      } else {
        if (bulk.action === 'assign') {
          const staff = [ref(moderator), ref(lead), otherModerator].find((s) => s.id === bulk.staffUserId);
          if (!staff) return apiError(404, 'not_found');
          claimFor(item, staff);
        } else {
          item.decisions.push(decision(item, { outcome: 'no_violation', rationale: bulk.rationale, flagIds: [] }));
          unclaim(item);
          item.status = 'closed';
          item.closedAt = now();
        }
        response.done.push(id);
      }
    }
    return HttpResponse.json(response);
  }),

  http.get('/api/review-items/:id', ({ request, params }) => {
    const denied = guard(request);
    if (denied) return denied;
    const item = findItem(params.id);
    return item ? HttpResponse.json(item) : apiError(404, 'not_found');
  }),

  http.get('/api/review-items/:id/context', ({ request, params }) => {
    const denied = guard(request);
    if (denied) return denied;
    const item = findItem(params.id);
    if (!item) return apiError(404, 'not_found');
    const calls = contextCalls(Date.now());
    return HttpResponse.json<ReviewContextDto>({
      user: { ref: item.userRef, minor: item.minor, calls: calls.user, notes: reviewDb.notes.get(`user:${item.userRef}`) ?? [] },
      creator: {
        ref: item.creator.ref,
        name: item.creator.name,
        agency: item.agency,
        calls: calls.creator,
        notes: reviewDb.notes.get(`creator:${item.creator.ref}`) ?? [],
      },
    });
  }),

  http.post('/api/review-items/:id/claim', ({ request, params }) => {
    const denied = guard(request);
    if (denied) return denied;
    const item = findItem(params.id);
    if (!item) return apiError(404, 'not_found');
    const user = me()!;
    if (item.status === 'claimed' && item.assignee && item.assignee.id !== user.id) {
      return HttpResponse.json(
        {
          error: {
            code: 'claimed',
            message: `claimed by ${item.assignee.displayName}`,
            requestId: 'req-claim',
            details: { holder: item.assignee },
          },
        },
        { status: 409 },
      );
    }
    if (item.status === 'closed') return apiError(409, 'closed');
    claimFor(item, user);
    return HttpResponse.json(item);
  }),

  http.post('/api/review-items/:id/release', ({ request, params }) => {
    const denied = guard(request);
    if (denied) return denied;
    const item = findItem(params.id);
    if (!item) return apiError(404, 'not_found');
    if (item.assignee?.id !== me()!.id && !isLeadUser()) return apiError(403, 'forbidden');
    unclaim(item);
    return HttpResponse.json(item);
  }),

  http.post('/api/review-items/:id/assign', async ({ request, params }) => {
    const denied = guard(request, 'lead');
    if (denied) return denied;
    const item = findItem(params.id);
    if (!item) return apiError(404, 'not_found');
    const body = AssignBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const staff = [ref(moderator), ref(lead), otherModerator].find((s) => s.id === body.data.staffUserId);
    if (!staff) return apiError(404, 'not_found');
    claimFor(item, staff);
    return HttpResponse.json(item);
  }),

  http.post('/api/review-items/:id/decision', async ({ request, params }) => {
    const denied = guard(request);
    if (denied) return denied;
    const item = findItem(params.id);
    if (!item) return apiError(404, 'not_found');
    const body = DecisionBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    reviewDb.decisionBodies.push(body.data);
    const user = me()!;
    if (leadOnlyOutcomes.includes(body.data.outcome) && !isLeadUser()) return apiError(403, 'forbidden');
    if (item.status === 'closed' || (item.status === 'claimed' && item.assignee?.id !== user.id)) return apiError(409, 'conflict');
    if (outcomesNeedingFlags.includes(body.data.outcome) && body.data.flagIds.length === 0) return apiError(400, 'flags_required');
    const made = decision(item, body.data);
    item.decisions.push(made);
    unclaim(item);
    if (body.data.outcome === 'escalate') {
      item.queue = 'leads';
      item.status = 'escalated';
    } else {
      item.status = 'closed';
      item.closedAt = now();
    }
    return HttpResponse.json(made, { status: 201 });
  }),

  http.post('/api/review-items/:id/reopen', async ({ request, params }) => {
    const denied = guard(request, 'lead');
    if (denied) return denied;
    const item = findItem(params.id);
    if (!item) return apiError(404, 'not_found');
    const body = ReasonBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const latest = [...item.decisions].reverse().find((d) => d.outcome !== 'escalate' && !d.reopened);
    if (item.status !== 'closed' || !latest) return apiError(409, 'not_closed');
    latest.reopened = { at: now(), by: ref(me()!), reason: body.data.reason };
    item.status = 'open';
    item.closedAt = null;
    claimFor(item, me()!);
    return HttpResponse.json(item);
  }),

  http.post('/api/recordings/:id/flags', async ({ request, params }) => {
    const denied = guard(request);
    if (denied) return denied;
    const body = CreateFlagBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const at = now();
    const author = ref(me()!);
    const created: FlagDto = {
      id: nextId('flag'),
      recordingId: String(params.id),
      reviewItemId: body.data.reviewItemId ?? null,
      category: body.data.category,
      severity: body.data.severity,
      startMs: body.data.startMs,
      endMs: body.data.endMs,
      note: body.data.note ?? null,
      author,
      version: 1,
      createdAt: at,
      updatedAt: at,
      retracted: null,
      history: [{ ...body.data, note: body.data.note ?? null, version: 1, editedBy: author, editedAt: at }],
    };
    syncRecording(String(params.id), (item) => item.flags.push(structuredClone(created)));
    return HttpResponse.json(created, { status: 201 });
  }),

  http.patch('/api/flags/:id', async ({ request, params }) => {
    const denied = guard(request);
    if (denied) return denied;
    const body = UpdateFlagBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const owner = reviewDb.items.find((i) => i.flags.some((f) => f.id === params.id));
    if (!owner) return apiError(404, 'not_found');
    let result: FlagDto | null = null;
    syncRecording(owner.recording!.id, (item) => {
      const flag = item.flags.find((f) => f.id === params.id);
      if (!flag) return;
      Object.assign(flag, body.data, { version: flag.version + 1, updatedAt: now() });
      flag.history.push({
        version: flag.version,
        category: flag.category,
        severity: flag.severity,
        startMs: flag.startMs,
        endMs: flag.endMs,
        note: flag.note,
        editedBy: ref(me()!),
        editedAt: now(),
      });
      result = flag;
    });
    return HttpResponse.json(result);
  }),

  http.post('/api/flags/:id/retract', async ({ request, params }) => {
    const denied = guard(request);
    if (denied) return denied;
    const body = ReasonBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const owner = reviewDb.items.find((i) => i.flags.some((f) => f.id === params.id));
    if (!owner) return apiError(404, 'not_found');
    let result: FlagDto | null = null;
    syncRecording(owner.recording!.id, (item) => {
      const flag = item.flags.find((f) => f.id === params.id);
      if (!flag) return;
      flag.retracted = { at: now(), by: ref(me()!), reason: body.data.reason };
      result = flag;
    });
    return HttpResponse.json(result);
  }),

  http.post('/api/recordings/:id/holds', async ({ request, params }) => {
    const denied = guard(request, 'lead');
    if (denied) return denied;
    const body = ReasonBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const hold: HoldDto = {
      id: nextId('hold'),
      recordingId: String(params.id),
      reason: body.data.reason,
      placedBy: ref(me()!),
      placedAt: now(),
      released: null,
    };
    syncRecording(String(params.id), (item) => {
      item.holds.push(structuredClone(hold));
      item.onHold = true;
    });
    return HttpResponse.json(hold, { status: 201 });
  }),

  http.post('/api/holds/:id/release', async ({ request, params }) => {
    const denied = guard(request, 'lead');
    if (denied) return denied;
    const body = ReasonBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const owner = reviewDb.items.find((i) => i.holds.some((h) => h.id === params.id));
    if (!owner) return apiError(404, 'not_found');
    let result: HoldDto | null = null;
    syncRecording(owner.recording!.id, (item) => {
      const hold = item.holds.find((h) => h.id === params.id);
      if (!hold) return;
      hold.released = { at: now(), by: ref(me()!), reason: body.data.reason };
      item.onHold = item.holds.some((h) => !h.released);
      result = hold;
    });
    return HttpResponse.json(result);
  }),

  http.post('/api/accounts/:type/:ref/notes', async ({ request, params }) => {
    const denied = guard(request);
    if (denied) return denied;
    const body = CreateAccountNoteBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const key = `${String(params.type)}:${String(params.ref)}`;
    const note = { id: nextId('note'), body: body.data.body, author: ref(me()!), createdAt: now() };
    reviewDb.notes.set(key, [...(reviewDb.notes.get(key) ?? []), note]);
    return HttpResponse.json(note, { status: 201 });
  }),

  http.post('/api/me/exposure', async ({ request }) => {
    const denied = unauthenticated() ?? badCsrf(request);
    if (denied) return denied;
    // The fixtures' recording ids are not UUIDs: check the id is there, and playedMs as the API does.
    const body = (await request.json()) as { recordingId?: unknown; playedMs?: unknown };
    const playedMs = ExposureHeartbeatBody.shape.playedMs.safeParse(body.playedMs);
    if (typeof body.recordingId !== 'string' || !playedMs.success || Object.keys(body).length !== 2)
      return apiError(400, 'invalid_request');
    if (!db.grants.has(body.recordingId)) return apiError(403, 'forbidden');
    reviewDb.heartbeats.push({ recordingId: body.recordingId, playedMs: playedMs.data });
    accountAdminDb.myExposure.totalMs += playedMs.data;
    return new HttpResponse(null, { status: 204 });
  }),
];

function decision(
  item: ReviewItemDetailDto,
  body: Pick<DecisionBody, 'outcome' | 'rationale' | 'flagIds'> & { suspendDays?: number },
): DecisionDto {
  const cited = item.flags.filter((f) => body.flagIds.includes(f.id));
  return {
    id: nextId('dec'),
    reviewItemId: item.id,
    outcome: body.outcome,
    suspendDays: body.suspendDays ?? null,
    rationale: body.rationale,
    flagIds: body.flagIds,
    policyVersion: CONDUCT_POLICY_VERSION,
    policyClauses: [...new Set(cited.map((f) => conductClauses[f.category]))],
    decidedBy: ref(me()!),
    decidedAt: now(),
    reopened: null,
  };
}
