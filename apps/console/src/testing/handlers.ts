import {
  CreateGrantBody,
  ListAuditEventsQuery,
  LoginBody,
  type AuditVerifyResponse,
  type AuthConfigResponse,
  type ListAuditEventsResponse,
  type RecordingDetailDto,
  type SessionResponse,
} from '@kura/contracts';
import { http, HttpResponse } from 'msw';
import { admin, agencies, auditor, lead, moderator, PASSWORD, sessionFor } from './data';
import { appendAccessLog, appendAuditEvent, db } from './db';

let requestCounter = 0;
export function apiError(status: number, code: string, message = code) {
  requestCounter += 1;
  return HttpResponse.json({ error: { code, message, requestId: `req-${requestCounter}` } }, { status });
}

const unauthenticated = () => (db.session ? null : apiError(401, 'unauthenticated'));
// The API's policy: recording metadata for moderator, lead and auditor; the audit chain for auditors.
const notRecordingRole = () =>
  db.session?.user.roles.some((r) => r === 'moderator' || r === 'lead' || r === 'auditor')
    ? null
    : apiError(403, 'forbidden', 'not allowed');
const notAuditor = () => (db.session?.user.roles.includes('auditor') ? null : apiError(403, 'forbidden'));
const badCsrf = (request: Request) => (request.headers.get('x-csrf-token') === db.session?.csrfToken ? null : apiError(403, 'csrf'));

function withGrant(recording: RecordingDetailDto): RecordingDetailDto {
  const grant = db.grants.get(recording.id) ?? null;
  return { ...recording, activeGrant: grant && Date.parse(grant.expiresAt) > Date.now() ? grant : null };
}

export const handlers = [
  http.get('/api/auth/session', () => (db.session ? HttpResponse.json(db.session) : apiError(401, 'unauthenticated'))),
  http.get('/api/auth/config', () => HttpResponse.json<AuthConfigResponse>({ localLogin: true, oidc: { enabled: false } })),

  http.post('/api/auth/login', async ({ request }) => {
    const body = LoginBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const user = [moderator, lead, auditor, admin].find((u) => u.email === body.data.email);
    if (!user || body.data.password !== PASSWORD) return apiError(401, 'invalid_credentials');
    db.session = sessionFor(user);
    return HttpResponse.json<SessionResponse>(db.session);
  }),

  http.post('/api/auth/logout', ({ request }) => {
    const denied = unauthenticated() ?? badCsrf(request);
    if (denied) return denied;
    db.session = null;
    return new HttpResponse(null, { status: 204 });
  }),

  http.get('/api/agencies', () => unauthenticated() ?? notRecordingRole() ?? HttpResponse.json({ items: agencies })),

  http.get('/api/recordings', ({ request }) => {
    const denied = unauthenticated() ?? notRecordingRole();
    if (denied) return denied;
    const p = new URL(request.url).searchParams;
    const cursor = p.get('cursor');
    if (cursor && !cursor.startsWith('page-')) return apiError(400, 'bad_cursor', 'the cursor is not one this server issued');
    const q = p.get('q')?.toLowerCase();
    const items = db.recordings.filter(
      (r) =>
        (!q || [r.callRef, r.creator.name, r.creator.ref, r.userRef].some((v) => v.toLowerCase().includes(q))) &&
        (!p.get('agency') || r.agency.ref === p.get('agency')) &&
        (!p.get('state') || r.state === p.get('state')) &&
        (!p.get('reported') || r.openReports > 0 === (p.get('reported') === 'true')),
    );
    const summaries = items.map(
      ({
        bytes,
        sha256,
        container,
        videoCodec,
        audioCodec,
        width,
        height,
        unplayableReason,
        mediaUrl,
        thumbnails,
        reports,
        activeGrant,
        ...s
      }) => s,
    );
    return HttpResponse.json({ items: summaries, nextCursor: null });
  }),

  http.get('/api/recordings/:id', ({ params }) => {
    const denied = unauthenticated() ?? notRecordingRole();
    if (denied) return denied;
    const recording = db.recordings.find((r) => r.id === params.id);
    return recording ? HttpResponse.json(withGrant(recording)) : apiError(404, 'not_found');
  }),

  http.post('/api/recordings/:id/access', async ({ request, params }) => {
    const denied = unauthenticated() ?? badCsrf(request);
    if (denied) return denied;
    if (!db.session!.user.roles.some((r) => r === 'moderator' || r === 'lead')) return apiError(403, 'forbidden');
    const recording = db.recordings.find((r) => r.id === params.id);
    if (!recording) return apiError(404, 'not_found');
    const body = CreateGrantBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const now = Date.now();
    const grant = {
      id: `grant-${now}`,
      purpose: body.data.purpose,
      reference: body.data.reference,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 15 * 60_000).toISOString(),
    };
    db.grants.set(recording.id, grant);
    appendAccessLog(recording.id, { action: 'grant.created', purpose: grant.purpose, reference: grant.reference, range: null });
    return HttpResponse.json({ grant }, { status: 201 });
  }),

  http.get('/api/recordings/:id/access-log', ({ params }) => {
    const denied = unauthenticated() ?? notRecordingRole();
    if (denied) return denied;
    return HttpResponse.json({ items: db.accessLog.get(String(params.id)) ?? [] });
  }),

  // jsdom does not load media or CSS images, but answer like the API would if anything asks.
  http.get('/api/recordings/:id/media', ({ params }) =>
    db.grants.has(String(params.id)) ? new HttpResponse(new Uint8Array(16), { status: 206 }) : apiError(403, 'forbidden'),
  ),
  http.get('/api/recordings/:id/thumbnails', ({ params }) =>
    db.grants.has(String(params.id)) ? new HttpResponse(new Uint8Array(16)) : apiError(403, 'forbidden'),
  ),

  // Auditor only. Newest first, keyset by seq; like the API, each read and verify is itself recorded.
  http.get('/api/audit/events', ({ request }) => {
    const denied = unauthenticated() ?? notAuditor();
    if (denied) return denied;
    const params = new URL(request.url).searchParams;
    const query = ListAuditEventsQuery.safeParse(Object.fromEntries(params));
    if (!query.success) return apiError(400, 'invalid_request');
    const { before, action, subject } = query.data;
    const limit = params.has('limit') ? query.data.limit : db.auditPageSize;
    const rows = [...db.auditEvents]
      .reverse()
      .filter((e) => (!before || e.seq < before) && (!action || e.action === action) && (!subject || e.subject.id === subject))
      .slice(0, limit + 1);
    const items = rows.slice(0, limit);
    const filters = Object.fromEntries([...params.entries()]);
    appendAuditEvent({ action: 'audit.read', subject: { type: 'audit_chain', id: '*' }, details: { filters, count: items.length } });
    return HttpResponse.json<ListAuditEventsResponse>({ items, nextBefore: rows.length > limit ? items.at(-1)!.seq : null });
  }),

  // Not recorded in the chain, like the API: a checkpoint shows no personal data.
  http.get('/api/audit/checkpoints/latest', () => unauthenticated() ?? notAuditor() ?? HttpResponse.json(db.latestCheckpoint)),

  http.get('/api/audit/verify', () => {
    const denied = unauthenticated() ?? notAuditor();
    if (denied) return denied;
    const broken = db.auditBrokenSeq;
    const result: AuditVerifyResponse =
      broken === null ? { intact: true, events: db.auditEvents.length } : { intact: false, firstBrokenSeq: broken, events: broken - 1 };
    appendAuditEvent({ action: 'audit.verified', subject: { type: 'audit_chain', id: '*' }, details: { ...result } });
    return HttpResponse.json(result);
  }),
];
