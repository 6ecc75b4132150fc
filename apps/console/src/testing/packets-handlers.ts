import {
  ApprovePacketBody,
  CreatePacketBody,
  CreateShareLinkBody,
  ReasonBody,
  ShareReplyBody,
  ShareSessionBody,
  type CreateShareLinkResponse,
  type CustodyEventDto,
  type ListPacketsResponse,
  type ListProvisionRecordsResponse,
  type PacketDetailDto,
  type Role,
  type SharedPacketDto,
  type ShareSessionResponse,
} from '@kura/contracts';
import { http, HttpResponse } from 'msw';
import { db } from './db';
import { apiError } from './handlers';
import { clip, hex, manifestFor, packetFlags, ref, toSummary, withCounts, type MockShareLink } from './packets-data';
import { packetsDb } from './packets-db';

// The packet API (/api/packets, /api/links, /api/provision-records) and the agency's share API
// (/v1/share/{token}) as msw handlers over packetsDb, following the contract's rules.

const FIXTURE_UUID = '00000000-0000-4000-8000-000000000000';

const roleOf = (...roles: Role[]) => db.session?.user.roles.some((r) => roles.includes(r)) ?? false;

function guard(request: Request | null, ...roles: Role[]) {
  if (!db.session) return apiError(401, 'unauthenticated');
  if (request && request.headers.get('x-csrf-token') !== db.session.csrfToken) return apiError(403, 'csrf');
  if (!roleOf(...roles)) return apiError(403, 'forbidden');
  return null;
}

const findPacket = (id: unknown) => packetsDb.packets.find((p) => p.id === id);

function savePacket(next: PacketDetailDto): PacketDetailDto {
  const saved = withCounts(next);
  packetsDb.packets = packetsDb.packets.map((p) => (p.id === saved.id ? saved : p));
  return saved;
}

function record(packetId: string, action: string, details: Record<string, unknown> = {}, actor?: CustodyEventDto['actor']) {
  packetsDb.seq += 1;
  const user = db.session?.user;
  const event: CustodyEventDto = {
    seq: packetsDb.seq,
    at: new Date().toISOString(),
    action,
    actor: actor ?? { type: 'staff', id: user?.id ?? 'unknown', displayName: user?.displayName ?? null },
    details,
  };
  packetsDb.custody.set(packetId, [...(packetsDb.custody.get(packetId) ?? []), event]);
}

function page<T>(items: T[], params: URLSearchParams): { items: T[]; nextCursor: string | null } {
  const limit = Number(params.get('limit') ?? packetsDb.pageSize);
  const start = Number(params.get('cursor')?.replace(/^c/, '') ?? 0);
  const slice = items.slice(start, start + limit);
  return { items: slice, nextCursor: start + limit < items.length ? `c${start + limit}` : null };
}

/** A Tokyo calendar day (YYYY-MM-DD) of an instant. */
const tokyoDay = (iso: string) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 10);

function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const packetHandlers = [
  http.get('/api/packets', ({ request }) => {
    const denied = guard(null, 'moderator', 'lead');
    if (denied) return denied;
    const params = new URL(request.url).searchParams;
    const items = packetsDb.packets
      .filter(
        (p) =>
          (!params.get('status') || p.status === params.get('status')) &&
          (!params.get('agency') || p.agency.ref === params.get('agency')) &&
          (!params.get('recording') || p.recordingId === params.get('recording')),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map(toSummary);
    return HttpResponse.json<ListPacketsResponse>(page(items, params));
  }),

  http.post('/api/packets', async ({ request }) => {
    const denied = guard(request, 'moderator', 'lead');
    if (denied) return denied;
    const json = (await request.json()) as { recordingId?: unknown; flagIds?: unknown[]; decisionId?: unknown };
    // The fixtures' ids are not UUIDs: check everything else exactly as the API's schema does.
    const body = CreatePacketBody.safeParse({
      ...json,
      recordingId: typeof json.recordingId === 'string' ? FIXTURE_UUID : json.recordingId,
      ...(Array.isArray(json.flagIds) ? { flagIds: json.flagIds.map((x) => (typeof x === 'string' ? FIXTURE_UUID : x)) } : {}),
      ...(typeof json.decisionId === 'string' ? { decisionId: FIXTURE_UUID } : {}),
    });
    if (!body.success) return apiError(400, 'invalid_request');
    body.data.recordingId = String(json.recordingId);
    body.data.flagIds = (json.flagIds ?? []).map(String);
    const recording = db.recordings.find((r) => r.id === body.data.recordingId);
    if (!recording) return apiError(404, 'not_found');
    packetsDb.created += 1;
    const id = `pkt-new-${packetsDb.created}`;
    const user = db.session!.user;
    const created: PacketDetailDto = withCounts({
      id,
      title: body.data.title,
      status: 'cutting',
      recordingId: recording.id,
      callRef: recording.callRef,
      agency: recording.agency,
      creator: recording.creator,
      userRef: recording.userRef,
      involvesMinor: recording.minor,
      author: ref(user),
      approvedBy: null,
      createdAt: new Date().toISOString(),
      approvedAt: null,
      sharedAt: null,
      clipCount: 0,
      liveLinks: 0,
      replyCount: 0,
      summary: body.data.summary,
      failureReason: null,
      flags: packetFlags
        .filter((f) => body.data.flagIds.includes(f.id))
        .map((f) => ({ id: f.id, category: f.category, severity: f.severity, startMs: f.startMs, endMs: f.endMs, note: f.note })),
      decision: null,
      clips: body.data.clips.map((c, i) =>
        clip(id, i + 1, c.startMs, c.endMs, { state: 'pending', progress: 0, sha256: null, bytes: null, durationMs: null }),
      ),
      links: [],
      replies: [],
      manifest: null,
      recipientChanged: false,
    });
    packetsDb.packets.push(created);
    record(id, 'packet.created', { clips: created.clips.length });
    return HttpResponse.json(created, { status: 201 });
  }),

  http.get('/api/packets/:id', ({ params }) => {
    const denied = guard(null, 'moderator', 'lead');
    if (denied) return denied;
    const p = findPacket(params.id);
    if (!p) return apiError(404, 'not_found');
    const reads = (packetsDb.reads.get(p.id) ?? 0) + 1;
    packetsDb.reads.set(p.id, reads);
    if (p.status !== 'cutting' || reads === 1) return HttpResponse.json(p);
    // Each later read finds the cutting job further along; all clips done → ready.
    const clips = p.clips.map((c) => {
      if (c.state === 'ready') return c;
      const progress = Math.min(100, (c.state === 'pending' ? 0 : c.progress) + 60);
      return progress >= 100
        ? { ...c, state: 'ready' as const, progress: 100, sha256: hex(c.id), bytes: 2048, durationMs: c.endMs - c.startMs }
        : { ...c, state: 'cutting' as const, progress };
    });
    return HttpResponse.json(savePacket({ ...p, clips, status: clips.every((c) => c.state === 'ready') ? 'ready' : 'cutting' }));
  }),

  http.get('/api/packets/:id/custody', ({ params }) => {
    const denied = guard(null, 'moderator', 'lead', 'auditor');
    if (denied) return denied;
    if (!findPacket(params.id)) return apiError(404, 'not_found');
    return HttpResponse.json({ items: packetsDb.custody.get(String(params.id)) ?? [] });
  }),

  http.post('/api/packets/:id/approve', async ({ request, params }) => {
    const denied = guard(request, 'lead');
    if (denied) return denied;
    const p = findPacket(params.id);
    if (!p) return apiError(404, 'not_found');
    const body = ApprovePacketBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const user = db.session!.user;
    if (p.author.id === user.id) return apiError(403, 'forbidden', 'the author cannot approve their own packet');
    if (p.status !== 'ready') return apiError(409, 'conflict');
    if (p.recipientChanged) return apiError(409, 'recipient_changed');
    if (p.involvesMinor && body.data.confirmMinor !== true) return apiError(409, 'minor_confirmation_required');
    const at = new Date().toISOString();
    const next = savePacket({ ...p, status: 'approved', approvedBy: ref(user), approvedAt: at, manifest: manifestFor(p, user, at) });
    record(p.id, 'packet.approved', body.data.confirmMinor ? { confirmMinor: true } : {});
    return HttpResponse.json(next);
  }),

  http.post('/api/packets/:id/approval/withdraw', async ({ request, params }) => {
    const denied = guard(request, 'lead');
    if (denied) return denied;
    const p = findPacket(params.id);
    if (!p) return apiError(404, 'not_found');
    const body = ReasonBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    if (p.links.length > 0) return apiError(409, 'already_shared');
    if (p.status !== 'approved') return apiError(409, 'conflict');
    const next = savePacket({ ...p, status: 'ready', approvedBy: null, approvedAt: null, manifest: null });
    record(p.id, 'packet.approval_withdrawn', { reason: body.data.reason });
    return HttpResponse.json(next);
  }),

  http.post('/api/packets/:id/links', async ({ request, params }) => {
    const denied = guard(request, 'lead');
    if (denied) return denied;
    const p = findPacket(params.id);
    if (!p) return apiError(404, 'not_found');
    const body = CreateShareLinkBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    if (p.status !== 'approved' && p.status !== 'shared') return apiError(409, 'conflict');
    if (p.recipientChanged) return apiError(409, 'recipient_changed');
    const user = db.session!.user;
    const now = new Date();
    const linkId = `link-new-${p.links.length + 1}`;
    const token = `tok_${hex(`${p.id}-${linkId}`).slice(0, 43)}`;
    const first = p.links.length === 0;
    savePacket({
      ...p,
      status: 'shared',
      sharedAt: p.sharedAt ?? now.toISOString(),
      links: [
        ...p.links,
        {
          id: linkId,
          recipientName: body.data.recipientName,
          createdBy: ref(user),
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + body.data.expiresInDays * 86_400_000).toISOString(),
          viewCap: body.data.viewCap ?? null,
          views: 0,
          passphrase: body.data.passphrase !== undefined,
          allowDownload: body.data.allowDownload,
          revokedAt: null,
          revokedBy: null,
          live: true,
        },
      ],
    });
    record(p.id, 'link.created', { linkId, expiresInDays: body.data.expiresInDays });
    if (first) record(p.id, 'provision.recorded', { records: 2 });
    return HttpResponse.json<CreateShareLinkResponse>({ linkId, url: `http://127.0.0.1:8080/share/${token}`, token }, { status: 201 });
  }),

  http.post('/api/links/:id/revoke', ({ request, params }) => {
    const denied = guard(request, 'lead');
    if (denied) return denied;
    const p = packetsDb.packets.find((x) => x.links.some((l) => l.id === params.id));
    if (!p) return apiError(404, 'not_found');
    const user = db.session!.user;
    const at = new Date().toISOString();
    savePacket({
      ...p,
      links: p.links.map((l) => (l.id === params.id ? { ...l, revokedAt: at, revokedBy: ref(user), live: false } : l)),
    });
    record(p.id, 'link.revoked', { linkId: String(params.id) });
    return new HttpResponse(null, { status: 204 });
  }),

  // jsdom plays no media; answer like the API if anything asks (needs a grant on the source).
  http.get('/api/packets/:id/clips/:clipId/media', ({ params }) => {
    const p = findPacket(params.id);
    return p && db.grants.has(p.recordingId) ? new HttpResponse(new Uint8Array(16), { status: 206 }) : apiError(403, 'forbidden');
  }),

  http.get('/api/provision-records', ({ request }) => {
    const denied = guard(null, 'lead', 'auditor');
    if (denied) return denied;
    const params = new URL(request.url).searchParams;
    const items = packetsDb.provisionRecords
      .filter(
        (r) =>
          (!params.get('agency') || r.recipient.ref === params.get('agency')) &&
          (!params.get('subject') || r.subject.ref === params.get('subject')) &&
          (!params.get('from') || tokyoDay(r.providedAt) >= params.get('from')!) &&
          (!params.get('to') || tokyoDay(r.providedAt) <= params.get('to')!),
      )
      .sort((a, b) => b.providedAt.localeCompare(a.providedAt));
    if (params.get('format') === 'csv') {
      const rows = [
        ['providedAt', 'recipient', 'subject', 'items'],
        ...items.map((r) => [r.providedAt, r.recipient.name, r.subject.ref, r.items]),
      ];
      return new HttpResponse(`\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`, {
        headers: { 'content-type': 'text/csv; charset=utf-8' },
      });
    }
    return HttpResponse.json<ListProvisionRecordsResponse>(page(items, params));
  }),
];

// ---- the agency's side -----------------------------------------------------------------------

const notFound = () => apiError(404, 'not_found', 'not found');

/** The link behind a token, if it still works: wrong, revoked, expired and used-up all look alike. */
function usable(token: unknown): MockShareLink | null {
  const link = packetsDb.shareLinks.find((l) => l.token === token);
  return link && link.state === 'live' ? link : null;
}

function withSession(token: unknown): { link: MockShareLink } | { refused: Response } {
  const link = usable(token);
  if (!link) return { refused: notFound() };
  const until = packetsDb.shareSessions.get(link.token);
  if (until === undefined || until <= Date.now()) {
    return {
      refused: HttpResponse.json(
        {
          error: {
            code: 'session_required',
            message: 'start a session first',
            requestId: 'req-share',
            details: { passphraseRequired: link.passphrase !== null },
          },
        },
        { status: 401 },
      ),
    };
  }
  return { link };
}

function shared(link: MockShareLink): SharedPacketDto {
  const until = packetsDb.shareSessions.get(link.token)!;
  return {
    ...link.data,
    link: {
      ...link.data.link,
      viewsLeft: link.viewCap === null ? null : Math.max(0, link.viewCap - link.views),
      sessionExpiresAt: new Date(until).toISOString(),
    },
  };
}

export const shareHandlers = [
  http.post('/v1/share/:token/session', async ({ request, params }) => {
    const link = usable(params.token);
    if (!link) return notFound();
    const body = ShareSessionBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    if (link.passphrase !== null && body.data.passphrase !== link.passphrase) {
      return HttpResponse.json(
        {
          error: { code: 'session_required', message: 'passphrase required', requestId: 'req-pass', details: { passphraseRequired: true } },
        },
        { status: 401 },
      );
    }
    const running = (packetsDb.shareSessions.get(link.token) ?? 0) > Date.now();
    if (!running) {
      // A renewal of a live session is not a new view; a new one counts against the cap.
      if (link.viewCap !== null && link.views >= link.viewCap) return notFound();
      link.views += 1;
    }
    const expiresAt = Date.now() + packetsDb.shareSessionMs;
    packetsDb.shareSessions.set(link.token, expiresAt);
    return HttpResponse.json<ShareSessionResponse>({ expiresAt: new Date(expiresAt).toISOString() }, { status: 201 });
  }),

  http.get('/v1/share/:token', ({ params }) => {
    const s = withSession(params.token);
    return 'refused' in s ? s.refused : HttpResponse.json(shared(s.link));
  }),

  http.get('/v1/share/:token/manifest', ({ params }) => {
    const s = withSession(params.token);
    if ('refused' in s) return s.refused;
    const p = packetsDb.packets.find((x) => x.id === 'pkt-shared')!;
    return HttpResponse.json(p.manifest);
  }),

  http.get('/v1/share/:token/clips/:clipId', ({ params }) => {
    const s = withSession(params.token);
    return 'refused' in s ? s.refused : new HttpResponse(new Uint8Array(16), { status: 206 });
  }),

  http.post('/v1/share/:token/replies', async ({ request, params }) => {
    const s = withSession(params.token);
    if ('refused' in s) return s.refused;
    const body = ShareReplyBody.safeParse(await request.json());
    if (!body.success) return apiError(400, 'invalid_request');
    const acknowledged = body.data.acknowledge === true;
    packetsDb.sharePosted.push({ token: s.link.token, body: body.data.body, acknowledge: acknowledged });
    s.link.data = {
      ...s.link.data,
      replies: [...s.link.data.replies, { body: body.data.body, acknowledged, createdAt: new Date().toISOString() }],
    };
    return HttpResponse.json({ ok: true }, { status: 201 });
  }),
];
