import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '@kura/db';

// What every route of the app must answer to every kind of caller. One line per route, keyed by
// "METHOD path" exactly as Hono's route table spells it; the matrix test fails listing any route
// of `createApp` that has no line here, so a new route cannot ship without deciding who may call it.
//
// A line names the route's gate and what an allowed caller's request looks like. The expected
// refusal for every other caller is derived from the gate (see expectedOutcome), so the table
// says "who may", never "who may not".

/** Who gets past a route's gate. */
export type Gate =
  /** Anyone, signed in or not. */
  | { kind: 'public' }
  /** The call platform's service token. */
  | { kind: 'ingest' }
  /** A live staff session with one of these roles ('any': any role); `grant`: content, a live grant too. */
  | { kind: 'staff'; roles: Role[] | 'any'; grant?: true }
  /** The agency side: 'open' = holding the token is enough, 'session' = a live share session, 'clip' = and the clip is this packet's. */
  | { kind: 'share'; needs: 'open' | 'session' | 'clip' }
  /**
   * Prometheus metrics on the main port: only `Bearer <KURA_METRICS_TOKEN>`, which no caller here
   * holds; this world configures no token, so the route is off (404) for everyone.
   */
  | { kind: 'metrics' };

/** Ids the requests point at: the real ones, or (for the existence probe) made-up ones. */
export interface Ids {
  recordingId: string;
  callRef: string;
  userRef: string;
  flagId: string;
  retractFlagId: string;
  holdId: string;
  itemId: string;
  decideItemId: string;
  packetId: string;
  readyPacketId: string;
  clipId: string;
  linkId: string;
  staffId: string;
  assigneeId: string;
  victimSessionId: string;
  loginEmail: string;
  loginPassword: string;
  recordingBytes: Buffer;
  /** A disclosure request of userRef (a user event, so also what GET /v1/ingest/user-events/:id reads). */
  disclosureId: string;
}

/** What one caller sends: the path (the share token comes from the caller) and an optional body. */
export interface Probe {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw body bytes (recordings). */
  raw?: Buffer;
}

export interface RouteExpectation {
  gate: Gate;
  probe: (ids: Ids, token: string) => Probe;
  /** Statuses an allowed caller may get (past the gate: success, or the resource's own 4xx like a 409 on a repeat). */
  ok: number[];
  /** Runs after every other route (it changes what later cases would see: a new grant, an ended session). */
  late?: number;
  /** Callers one after another: sign-in counts every attempt as a failure until it succeeds, so 20 at once for one account trip its limit. */
  serial?: true;
}

const json = (body: unknown) => ({ body });
const anyStaff: Gate = { kind: 'staff', roles: 'any' };
const staff = (...roles: Role[]): Gate => ({ kind: 'staff', roles });
const reviewers = staff('moderator', 'lead');
const fresh = (p: string) => `${p}-${randomBytes(5).toString('hex')}`;

export const ROUTE_EXPECTATIONS: Record<string, RouteExpectation> = {
  'GET /healthz': { gate: { kind: 'public' }, probe: () => ({ path: '/healthz' }), ok: [200] },
  'GET /readyz': { gate: { kind: 'public' }, probe: () => ({ path: '/readyz' }), ok: [200] },
  'GET /metrics': { gate: { kind: 'metrics' }, probe: () => ({ path: '/metrics' }), ok: [200] },
  'GET /.well-known/kura-signing-keys.json': {
    gate: { kind: 'public' },
    probe: () => ({ path: '/.well-known/kura-signing-keys.json' }),
    ok: [200],
  },
  'GET /api/openapi.json': { gate: { kind: 'public' }, probe: () => ({ path: '/api/openapi.json' }), ok: [200] },
  'GET /api/docs': { gate: { kind: 'public' }, probe: () => ({ path: '/api/docs' }), ok: [200] },
  'GET /*': { gate: { kind: 'public' }, probe: () => ({ path: '/review' }), ok: [200] },

  // ---- ingest (service token) ----
  'PUT /v1/ingest/calls/:callRef': {
    gate: { kind: 'ingest' },
    probe: () => ({
      path: `/v1/ingest/calls/${fresh('call')}`,
      ...json({
        creator: { ref: 'creator-m', name: 'Creator', agency: { ref: 'agency-a', name: 'Agency A' } },
        user: { ref: 'user-m' },
        startedAt: '2026-11-20T10:00:00+09:00',
        endedAt: '2026-11-20T10:05:00+09:00',
      }),
    }),
    ok: [201],
  },
  'PUT /v1/ingest/calls/:callRef/recording': {
    gate: { kind: 'ingest' },
    // The same bytes again: hashed, not stored (200).
    probe: (ids) => ({
      path: `/v1/ingest/calls/${ids.callRef}/recording`,
      raw: ids.recordingBytes,
      headers: { 'content-type': 'video/mp4' },
    }),
    ok: [200],
  },
  'POST /v1/ingest/reports': {
    gate: { kind: 'ingest' },
    probe: (ids) => ({ path: '/v1/ingest/reports', ...json({ callRef: ids.callRef, reporter: 'user', category: 'harassment' }) }),
    ok: [201],
  },
  'GET /v1/ingest/decisions': { gate: { kind: 'ingest' }, probe: () => ({ path: '/v1/ingest/decisions' }), ok: [200] },
  'POST /v1/ingest/user-events': {
    gate: { kind: 'ingest' },
    // not_minor: repeatable, and changes nothing another case reads.
    probe: (ids) => ({
      path: '/v1/ingest/user-events',
      ...json({ userRef: ids.userRef, type: 'not_minor', at: new Date().toISOString() }),
    }),
    ok: [201],
  },
  'GET /v1/ingest/user-events/:id': {
    gate: { kind: 'ingest' },
    probe: (ids) => ({ path: `/v1/ingest/user-events/${ids.disclosureId}` }),
    ok: [200],
  },

  // ---- the agency's side (token in the path, kura_share cookie) ----
  'POST /v1/share/:token/session': {
    gate: { kind: 'share', needs: 'open' },
    probe: (_ids, t) => ({ path: `/v1/share/${t}/session`, ...json({}) }),
    ok: [200],
  },
  'GET /v1/share/:token': { gate: { kind: 'share', needs: 'session' }, probe: (_ids, t) => ({ path: `/v1/share/${t}` }), ok: [200] },
  'GET /v1/share/:token/clips/:clipId': {
    gate: { kind: 'share', needs: 'clip' },
    probe: (ids, t) => ({ path: `/v1/share/${t}/clips/${ids.clipId}`, headers: { range: 'bytes=0-99' } }),
    ok: [206],
  },
  'GET /v1/share/:token/manifest': {
    gate: { kind: 'share', needs: 'session' },
    probe: (_ids, t) => ({ path: `/v1/share/${t}/manifest` }),
    ok: [200],
  },
  'POST /v1/share/:token/replies': {
    gate: { kind: 'share', needs: 'session' },
    probe: (_ids, t) => ({ path: `/v1/share/${t}/replies`, ...json({ body: '受け取りました。' }) }),
    ok: [201],
  },

  // ---- staff sign-in ----
  'GET /api/auth/config': { gate: { kind: 'public' }, probe: () => ({ path: '/api/auth/config' }), ok: [200] },
  'POST /api/auth/login': {
    gate: { kind: 'public' },
    probe: (ids) => ({ path: '/api/auth/login', ...json({ email: ids.loginEmail, password: ids.loginPassword }) }),
    ok: [200],
    serial: true,
  },
  // Without SSO configured these do not exist for anyone.
  'GET /api/auth/oidc/start': { gate: { kind: 'public' }, probe: () => ({ path: '/api/auth/oidc/start' }), ok: [404] },
  'GET /api/auth/oidc/callback': { gate: { kind: 'public' }, probe: () => ({ path: '/api/auth/oidc/callback?code=x&state=y' }), ok: [404] },
  'GET /api/auth/session': { gate: anyStaff, probe: () => ({ path: '/api/auth/session' }), ok: [200] },
  'POST /api/auth/logout': { gate: anyStaff, probe: () => ({ path: '/api/auth/logout' }), ok: [204], late: 2 },

  // ---- recordings and what hangs off them ----
  'GET /api/agencies': { gate: staff('moderator', 'lead', 'auditor'), probe: () => ({ path: '/api/agencies' }), ok: [200] },
  'GET /api/recordings': { gate: staff('moderator', 'lead', 'auditor'), probe: () => ({ path: '/api/recordings' }), ok: [200] },
  'GET /api/recordings/:id': {
    gate: staff('moderator', 'lead', 'auditor'),
    probe: (ids) => ({ path: `/api/recordings/${ids.recordingId}` }),
    ok: [200],
  },
  'GET /api/recordings/:id/access-log': {
    gate: staff('moderator', 'lead', 'auditor'),
    probe: (ids) => ({ path: `/api/recordings/${ids.recordingId}/access-log` }),
    ok: [200],
  },
  // Late: a caller refused content for want of a grant would otherwise hold one afterwards.
  'POST /api/recordings/:id/access': {
    gate: reviewers,
    probe: (ids) => ({
      path: `/api/recordings/${ids.recordingId}/access`,
      ...json({ purpose: 'deter_prohibited_conduct', reference: 'CASE-M-1' }),
    }),
    ok: [201],
    late: 1,
  },
  'GET /api/recordings/:id/media': {
    gate: { kind: 'staff', roles: ['moderator', 'lead'], grant: true },
    probe: (ids) => ({ path: `/api/recordings/${ids.recordingId}/media`, headers: { range: 'bytes=0-99' } }),
    ok: [206],
  },
  'GET /api/recordings/:id/thumbnails': {
    gate: { kind: 'staff', roles: ['moderator', 'lead'], grant: true },
    probe: (ids) => ({ path: `/api/recordings/${ids.recordingId}/thumbnails` }),
    ok: [200],
  },
  'POST /api/recordings/:id/review-items': {
    gate: reviewers,
    probe: (ids) => ({ path: `/api/recordings/${ids.recordingId}/review-items`, ...json({}) }),
    ok: [200, 201, 409],
  },
  'GET /api/recordings/:id/flags': { gate: reviewers, probe: (ids) => ({ path: `/api/recordings/${ids.recordingId}/flags` }), ok: [200] },
  'POST /api/recordings/:id/flags': {
    gate: reviewers,
    probe: (ids) => ({
      path: `/api/recordings/${ids.recordingId}/flags`,
      ...json({ category: 'harassment', severity: 'low', startMs: 0, endMs: 1000 }),
    }),
    ok: [201],
  },
  'POST /api/recordings/:id/holds': {
    gate: staff('lead'),
    probe: (ids) => ({ path: `/api/recordings/${ids.recordingId}/holds`, ...json({ reason: '弁護士照会' }) }),
    ok: [201, 409],
  },
  'PATCH /api/flags/:id': {
    gate: reviewers,
    probe: (ids) => ({ path: `/api/flags/${ids.flagId}`, ...json({ severity: 'high' }) }),
    ok: [200],
  },
  'POST /api/flags/:id/retract': {
    gate: reviewers,
    probe: (ids) => ({ path: `/api/flags/${ids.retractFlagId}/retract`, ...json({ reason: 'mistaken' }) }),
    ok: [200, 403, 409],
  },
  'POST /api/holds/:id/release': {
    gate: staff('lead'),
    probe: (ids) => ({ path: `/api/holds/${ids.holdId}/release`, ...json({ reason: '照会終了' }) }),
    ok: [200, 409],
  },

  // ---- review ----
  'GET /api/review-items': { gate: reviewers, probe: () => ({ path: '/api/review-items' }), ok: [200] },
  'POST /api/review-items/next': { gate: reviewers, probe: () => ({ path: '/api/review-items/next' }), ok: [200, 204] },
  'GET /api/review-items/assignable-staff': {
    gate: staff('lead'),
    probe: () => ({ path: '/api/review-items/assignable-staff' }),
    ok: [200],
  },
  'POST /api/review-items/bulk': {
    gate: reviewers,
    probe: () => ({ path: '/api/review-items/bulk', ...json({ action: 'close_no_violation', ids: [randomUUID()], rationale: 'none' }) }),
    ok: [200],
  },
  'GET /api/review-items/:id': { gate: reviewers, probe: (ids) => ({ path: `/api/review-items/${ids.itemId}` }), ok: [200] },
  'GET /api/review-items/:id/context': {
    gate: reviewers,
    probe: (ids) => ({ path: `/api/review-items/${ids.itemId}/context` }),
    ok: [200],
  },
  'POST /api/review-items/:id/claim': {
    gate: reviewers,
    probe: (ids) => ({ path: `/api/review-items/${ids.itemId}/claim` }),
    ok: [200, 409],
  },
  'POST /api/review-items/:id/release': {
    gate: reviewers,
    probe: (ids) => ({ path: `/api/review-items/${ids.itemId}/release` }),
    ok: [200, 409],
  },
  'POST /api/review-items/:id/assign': {
    gate: staff('lead'),
    probe: (ids) => ({ path: `/api/review-items/${ids.itemId}/assign`, ...json({ staffUserId: ids.assigneeId }) }),
    ok: [200, 409],
  },
  'POST /api/review-items/:id/decision': {
    gate: reviewers,
    probe: (ids) => ({
      path: `/api/review-items/${ids.decideItemId}/decision`,
      ...json({ outcome: 'no_violation', rationale: 'nothing seen' }),
    }),
    ok: [200, 201, 409],
  },
  'POST /api/review-items/:id/reopen': {
    gate: staff('lead'),
    probe: (ids) => ({ path: `/api/review-items/${ids.decideItemId}/reopen`, ...json({ reason: 'second look' }) }),
    ok: [200, 409],
  },
  'POST /api/accounts/:type/:ref/notes': {
    gate: reviewers,
    probe: (ids) => ({ path: `/api/accounts/user/${ids.userRef}/notes`, ...json({ body: 'メモ' }) }),
    ok: [201],
  },
  'GET /api/exposure/team': { gate: staff('lead'), probe: () => ({ path: '/api/exposure/team' }), ok: [200] },

  // ---- the signed-in person ----
  'GET /api/me/preferences': { gate: anyStaff, probe: () => ({ path: '/api/me/preferences' }), ok: [200] },
  'PUT /api/me/preferences': {
    gate: anyStaff,
    probe: () => ({ path: '/api/me/preferences', ...json({ wellbeing: { blurVideo: true } }) }),
    ok: [200],
  },
  'GET /api/me/exposure': { gate: anyStaff, probe: () => ({ path: '/api/me/exposure' }), ok: [200] },
  // A heartbeat of played media: only someone who may play it.
  'POST /api/me/exposure': {
    gate: { kind: 'staff', roles: ['moderator', 'lead'], grant: true },
    probe: (ids) => ({ path: '/api/me/exposure', ...json({ recordingId: ids.recordingId, playedMs: 1000 }) }),
    ok: [200, 204],
  },
  // A wrong current password: past the gate, and nobody's password changes mid-matrix.
  'POST /api/me/password': {
    gate: anyStaff,
    probe: () => ({ path: '/api/me/password', ...json({ currentPassword: 'not-it', newPassword: 'a-new-long-password-2026' }) }),
    ok: [400, 403],
  },
  'GET /api/me/sessions': { gate: anyStaff, probe: () => ({ path: '/api/me/sessions' }), ok: [200] },
  // Someone else's session: nobody may end it, and it looks missing.
  'POST /api/me/sessions/:id/revoke': {
    gate: anyStaff,
    probe: (ids) => ({ path: `/api/me/sessions/${ids.victimSessionId}/revoke` }),
    ok: [404],
  },

  // ---- administration ----
  'GET /api/staff': { gate: staff('admin'), probe: () => ({ path: '/api/staff' }), ok: [200] },
  'POST /api/staff': {
    gate: staff('admin'),
    probe: () => ({
      path: '/api/staff',
      ...json({ email: `${fresh('m')}@kura.test`, displayName: 'M', roles: ['moderator'], password: 'a-long-password-for-m-2026' }),
    }),
    ok: [201],
  },
  'PATCH /api/staff/:id': {
    gate: staff('admin'),
    probe: (ids) => ({ path: `/api/staff/${ids.staffId}`, ...json({ displayName: 'Renamed' }) }),
    ok: [200],
  },
  'GET /api/settings/review': { gate: staff('admin'), probe: () => ({ path: '/api/settings/review' }), ok: [200] },
  'PUT /api/settings/review': {
    gate: staff('admin'),
    probe: () => ({ path: '/api/settings/review', ...json({ breakThresholdMinutes: 90 }) }),
    ok: [200],
  },

  // ---- retention (admins change; auditors read) ----
  'GET /api/retention/settings': { gate: staff('admin', 'auditor'), probe: () => ({ path: '/api/retention/settings' }), ok: [200] },
  'PUT /api/retention/settings': {
    gate: staff('admin'),
    probe: () => ({ path: '/api/retention/settings', ...json({ enabled: true }) }),
    ok: [200],
  },
  'GET /api/retention/runs': { gate: staff('admin', 'auditor'), probe: () => ({ path: '/api/retention/runs' }), ok: [200] },
  // No run has happened in the matrix's world: an allowed caller gets the run's own 404.
  'GET /api/retention/runs/:id': {
    gate: staff('admin', 'auditor'),
    probe: () => ({ path: `/api/retention/runs/${randomUUID()}` }),
    ok: [404],
  },

  // ---- audit ----
  'GET /api/audit/verify': { gate: staff('auditor'), probe: () => ({ path: '/api/audit/verify' }), ok: [200] },
  'GET /api/audit/checkpoints/latest': { gate: staff('auditor'), probe: () => ({ path: '/api/audit/checkpoints/latest' }), ok: [200, 404] },
  'GET /api/audit/events': { gate: staff('auditor'), probe: () => ({ path: '/api/audit/events' }), ok: [200] },

  // ---- packets and sharing ----
  'POST /api/packets': {
    gate: reviewers,
    probe: (ids) => ({
      path: '/api/packets',
      ...json({ recordingId: ids.recordingId, title: 'T', summary: 'S', clips: [{ startMs: 0, endMs: 1000 }] }),
    }),
    ok: [201],
  },
  'GET /api/packets': { gate: reviewers, probe: () => ({ path: '/api/packets' }), ok: [200] },
  'GET /api/packets/:id': { gate: reviewers, probe: (ids) => ({ path: `/api/packets/${ids.packetId}` }), ok: [200] },
  'GET /api/packets/:id/custody': {
    gate: staff('moderator', 'lead', 'auditor'),
    probe: (ids) => ({ path: `/api/packets/${ids.packetId}/custody` }),
    ok: [200],
  },
  'GET /api/packets/:id/clips/:clipId/media': {
    gate: { kind: 'staff', roles: ['moderator', 'lead'], grant: true },
    probe: (ids) => ({ path: `/api/packets/${ids.packetId}/clips/${ids.clipId}/media`, headers: { range: 'bytes=0-99' } }),
    ok: [206],
  },
  'POST /api/packets/:id/approve': {
    gate: staff('lead'),
    probe: (ids) => ({ path: `/api/packets/${ids.readyPacketId}/approve`, ...json({}) }),
    ok: [200, 409],
  },
  'POST /api/packets/:id/approval/withdraw': {
    gate: staff('lead'),
    probe: (ids) => ({ path: `/api/packets/${ids.readyPacketId}/approval/withdraw`, ...json({ reason: 'redo' }) }),
    ok: [200, 409],
  },
  'POST /api/packets/:id/links': {
    gate: staff('lead'),
    probe: (ids) => ({
      path: `/api/packets/${ids.packetId}/links`,
      ...json({ expiresInDays: 7, recipientName: 'Agency A 法務', allowDownload: false }),
    }),
    ok: [201],
  },
  'POST /api/links/:id/revoke': { gate: staff('lead'), probe: (ids) => ({ path: `/api/links/${ids.linkId}/revoke` }), ok: [200, 409] },
  'GET /api/provision-records': { gate: staff('lead', 'auditor'), probe: () => ({ path: '/api/provision-records' }), ok: [200] },

  // ---- users' rights ----
  'GET /api/retention/upcoming': { gate: staff('lead', 'admin'), probe: () => ({ path: '/api/retention/upcoming' }), ok: [200] },
  'GET /api/disclosures': { gate: staff('lead', 'admin'), probe: () => ({ path: '/api/disclosures' }), ok: [200] },
  'GET /api/disclosures/:id': {
    gate: staff('lead', 'admin'),
    probe: (ids) => ({ path: `/api/disclosures/${ids.disclosureId}` }),
    ok: [200],
  },
  'POST /api/disclosures/:id/export': {
    gate: staff('lead', 'admin'),
    probe: (ids) => ({ path: `/api/disclosures/${ids.disclosureId}/export` }),
    ok: [200],
  },
};

// ---- callers ------------------------------------------------------------------------------

export type AgencyState = 'valid' | 'other-packet' | 'expired' | 'revoked' | 'view-cap-reached' | 'wrong-passphrase' | 'tampered';

export type CallerKind =
  | { kind: 'anonymous' }
  | { kind: 'ingest'; valid: boolean }
  | { kind: 'staff'; roles: Role[]; live: boolean; csrf: 'right' | 'missing' | 'wrong'; grant: boolean }
  | { kind: 'agency'; state: AgencyState };

export interface Outcome {
  status: number;
  /** The error code of a refusal; absent for an allowed call. */
  code?: string;
}

export const UNSAFE = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/** The one answer a caller must get from a route: allowed, or which refusal. */
export function expectedOutcome(method: string, gate: Gate, caller: CallerKind): 'allow' | Outcome {
  switch (gate.kind) {
    case 'public':
      return 'allow';
    case 'metrics':
      return { status: 404, code: 'not_found' };
    case 'ingest':
      return caller.kind === 'ingest' && caller.valid ? 'allow' : { status: 401, code: 'unauthorized' };
    case 'staff': {
      if (caller.kind !== 'staff' || !caller.live) return { status: 401, code: 'unauthorized' };
      if (UNSAFE(method) && caller.csrf !== 'right') return { status: 403, code: 'csrf_failed' };
      if (gate.roles !== 'any' && !caller.roles.some((r) => (gate.roles as Role[]).includes(r))) return { status: 403, code: 'forbidden' };
      if (gate.grant && !caller.grant) return { status: 403, code: 'grant_required' };
      return 'allow';
    }
    case 'share': {
      // Anyone not on the agency side holds the valid token but no share session.
      const state: AgencyState | 'no-session' = caller.kind === 'agency' ? caller.state : 'no-session';
      switch (state) {
        case 'valid':
          return 'allow';
        case 'other-packet':
          // Its own link works; the clip of another packet does not exist for it.
          return gate.needs === 'clip' ? { status: 404, code: 'not_found' } : 'allow';
        case 'no-session':
          return gate.needs === 'open' ? 'allow' : { status: 401, code: 'session_required' };
        case 'wrong-passphrase':
          return gate.needs === 'open' ? { status: 401, code: 'passphrase_required' } : { status: 401, code: 'session_required' };
        default:
          return { status: 404, code: 'not_found' };
      }
    }
  }
}
