import type {
  DisclosureExportDto,
  DisclosureRequestDto,
  ListDisclosureRequestsResponse,
  ListUpcomingDeletionsResponse,
  Role,
  UpcomingDeletionDto,
} from '@kura/contracts';
import { DISCLOSURE_EXEMPTION_TEXT } from '@kura/contracts';
import { http, HttpResponse } from 'msw';
import { db } from './db';
import { apiError } from './handlers';

// Users' rights: /api/retention/upcoming and /api/disclosures as msw handlers over an in-memory
// state, following the API's rules. Holds placed from the upcoming page go to the review
// handlers' POST /api/recordings/:id/holds; a test that needs the list to drop a held recording
// records it in rightsDb.holds.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function upcoming(i: number, overrides: Partial<UpcomingDeletionDto>): UpcomingDeletionDto {
  return {
    recordingId: `rec-up-${i}`,
    callRef: `CALL-UP-${i}`,
    startedAt: '2026-11-01T01:00:00Z',
    retainUntil: new Date(Date.now() + i * DAY).toISOString(),
    reason: 'unflagged',
    agency: { ref: 'ag-hoshi', name: '星プロダクション' },
    creator: { ref: 'cr-aoi', name: '葵' },
    openReview: false,
    livePacket: false,
    ...overrides,
  };
}

const disclosureExport = (r: DisclosureRequestDto): DisclosureExportDto => ({
  type: 'kura.disclosure_export',
  version: 1,
  requestId: r.id,
  requestRef: r.requestRef,
  producedAt: '2026-12-02T03:00:00Z',
  subject: { userRef: r.userRef, minor: false, withdrawnAt: null },
  calls: [
    {
      ref: 'CALL-0001',
      startedAt: '2026-11-01T01:00:00Z',
      endedAt: '2026-11-01T01:12:00Z',
      creator: { ref: 'cr-aoi', name: '葵' },
      agency: { ref: 'ag-hoshi', name: '星プロダクション' },
    },
  ],
  recordings: [
    {
      callRef: 'CALL-0001',
      state: 'ready',
      contentType: 'video/mp4',
      durationMs: 720_000,
      bytes: 48_000_000,
      sha256: 'ab'.repeat(32),
      uploadedAt: '2026-11-01T01:13:00Z',
      retainUntil: '2026-12-01T01:12:00Z',
      retentionReason: 'unflagged',
      retentionPolicyVersion: 'retention-v1',
      privacyPolicyVersion: '2020-12-18',
      expiredAt: null,
    },
  ],
  reports: [
    {
      callRef: 'CALL-0001',
      direction: 'by_user',
      reporter: 'user',
      category: 'harassment',
      atSeconds: 30,
      createdAt: '2026-11-01T02:00:00Z',
      note: '大声で怒鳴られた',
    },
  ],
  flags: [],
  decisions: [],
  provisionRecords: [],
  requests: [{ type: 'disclosure_request', at: r.at, receivedAt: r.receivedAt, status: 'pending', reason: null }],
  staffAccess: [{ day: '2026-11-02', role: 'moderator', action: 'media.read', purpose: 'deter_prohibited_conduct', count: 3 }],
  withheld: [{ kind: 'recording_media', callRef: 'CALL-0001', at: '2026-11-01T01:13:00Z', exemption: 'third_party_harm' }],
  exemptions: DISCLOSURE_EXEMPTION_TEXT,
});

function initial() {
  return {
    upcoming: [
      upcoming(0, { retainUntil: new Date(Date.now() - HOUR).toISOString(), callRef: 'CALL-UP-OVERDUE' }),
      upcoming(1, {
        reason: 'withdrawn',
        agency: { ref: 'ag-tsuki', name: '月エンターテインメント' },
        creator: { ref: 'cr-ren', name: '蓮' },
      }),
      upcoming(2, { openReview: true }),
      upcoming(5, { reason: 'deletion_request', livePacket: true }),
    ],
    holds: [] as { recordingId: string; reason: string }[],
    disclosures: [
      {
        id: 'disc-1',
        userRef: 'u-1001',
        requestRef: 'KJ-2026-0001',
        at: '2026-12-01T00:00:00Z',
        receivedAt: '2026-12-01T00:00:05Z',
        status: 'pending',
        resolvedAt: null,
      },
      {
        id: 'disc-2',
        userRef: 'u-2002',
        requestRef: null,
        at: '2026-11-20T00:00:00Z',
        receivedAt: '2026-11-20T00:00:05Z',
        status: 'done',
        resolvedAt: '2026-11-21T00:00:00Z',
      },
    ] as DisclosureRequestDto[],
    exports: [] as string[],
    lastQuery: null as URLSearchParams | null,
  };
}

export let rightsDb = initial();
export function resetRightsDb(): void {
  rightsDb = initial();
}

function guard(request: Request | null, ...roles: Role[]) {
  if (!db.session) return apiError(401, 'unauthenticated');
  if (request && request.headers.get('x-csrf-token') !== db.session.csrfToken) return apiError(403, 'csrf');
  if (!db.session.user.roles.some((r) => roles.includes(r))) return apiError(403, 'forbidden');
  return null;
}

export const rightsHandlers = [
  http.get('/api/retention/upcoming', ({ request }) => {
    const denied = guard(null, 'lead', 'admin');
    if (denied) return denied;
    const p = new URL(request.url).searchParams;
    rightsDb.lastQuery = p;
    const days = Number(p.get('days') ?? 7);
    const until = Date.now() + days * DAY;
    const held = new Set(rightsDb.holds.map((h) => h.recordingId));
    const items = rightsDb.upcoming.filter(
      (u) =>
        Date.parse(u.retainUntil) < until &&
        !held.has(u.recordingId) &&
        (!p.get('agency') || u.agency.ref === p.get('agency')) &&
        (!p.get('creator') || u.creator.ref === p.get('creator')) &&
        (!p.get('reason') || u.reason === p.get('reason')),
    );
    return HttpResponse.json<ListUpcomingDeletionsResponse>({ items, nextCursor: null, until: new Date(until).toISOString() });
  }),

  http.get('/api/disclosures', ({ request }) => {
    const denied = guard(null, 'lead', 'admin');
    if (denied) return denied;
    const status = new URL(request.url).searchParams.get('status');
    const items = rightsDb.disclosures.filter((d) => !status || d.status === status);
    return HttpResponse.json<ListDisclosureRequestsResponse>({ items });
  }),

  http.get('/api/disclosures/:id', ({ params }) => {
    const denied = guard(null, 'lead', 'admin');
    if (denied) return denied;
    const found = rightsDb.disclosures.find((d) => d.id === params.id);
    return found ? HttpResponse.json(found) : apiError(404, 'not_found');
  }),

  http.post('/api/disclosures/:id/export', ({ request, params }) => {
    const denied = guard(request, 'lead', 'admin');
    if (denied) return denied;
    const found = rightsDb.disclosures.find((d) => d.id === params.id);
    if (!found) return apiError(404, 'not_found');
    if (found.status === 'refused') return apiError(409, 'request_refused');
    const doc = disclosureExport(found);
    rightsDb.exports.push(found.id);
    found.status = 'done';
    found.resolvedAt = new Date().toISOString();
    return HttpResponse.json(doc);
  }),
];
