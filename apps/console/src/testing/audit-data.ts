import type { AuditEventDto } from '@kura/contracts';
import { auditor, moderator, recordings } from './data';

/** A stand-in for the chain's SHA-256: 64 hex characters, stable for a given seq. */
export function fakeAuditHash(seq: number): string {
  let x = (seq * 2_654_435_761) >>> 0;
  let out = '';
  while (out.length < 64) {
    x = (Math.imul(x ^ (x >>> 15), 2_246_822_519) + 0x9e3779b9) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

type Actor = AuditEventDto['actor'];
type Draft = Omit<AuditEventDto, 'seq' | 'hash' | 'purpose' | 'requestId'> & Partial<Pick<AuditEventDto, 'purpose'>>;

const staff = (user: typeof moderator): Actor => ({ type: 'staff', id: user.id, email: user.email, displayName: user.displayName });
const callhub: Actor = { type: 'service', id: 'tok-callhub-01', email: null, displayName: null };
const seeder: Actor = { type: 'service', id: 'demo-seed', email: null, displayName: null };
const worker: Actor = { type: 'system', id: 'media-worker', email: null, displayName: null };
const anonymous: Actor = { type: 'staff', id: 'anonymous', email: null, displayName: null };

const CALL_ID = 'c0a8e0f2-5b1d-4c3e-9f6a-2d7b8e1c4a90';
const REPORT_ID = '7e2d4b61-90af-4c8e-b3d5-1f6a2c9e8b47';
const SESSION = 'f3b9c1d2-4e5a-4b6c-8d7e-9f0a1b2c3d4e';
const GRANT = { grantId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', reference: 'RPT-2026-0042' };
const rec = { type: 'recording', id: 'rec-1' };
const SHA = recordings[0]!.sha256!;

const drafts: Draft[] = [
  {
    at: '2026-01-01T00:00:00.000Z',
    actor: seeder,
    action: 'demo.seeded',
    subject: { type: 'demo', id: 'demo-v1' },
    details: { calls: 3, reports: 2 },
  },
  {
    at: '2026-01-01T00:00:05.000Z',
    actor: callhub,
    action: 'call.upserted',
    subject: { type: 'call', id: CALL_ID },
    details: { ref: 'CALL-0001', created: true },
  },
  {
    at: '2026-01-01T00:12:40.000Z',
    actor: callhub,
    action: 'recording.ingested',
    subject: rec,
    details: { callRef: 'CALL-0001', sha256: SHA, bytes: 48_234_112, contentType: 'video/mp4' },
  },
  {
    at: '2026-01-01T00:13:02.000Z',
    actor: worker,
    action: 'recording.processed',
    subject: rec,
    details: { state: 'ready', thumbnails: true },
  },
  {
    at: '2026-01-01T01:00:00.000Z',
    actor: callhub,
    action: 'report.filed',
    subject: { type: 'report', id: REPORT_ID },
    details: { callRef: 'CALL-0001', reviewItemId: 'rev-0001', reporter: 'user', category: 'contact_exchange' },
  },
  {
    at: '2026-01-05T00:58:11.000Z',
    actor: anonymous,
    action: 'auth.login_failed',
    subject: { type: 'staff_user', id: 'unknown:3f9a1c2b7d4e' },
    details: { reason: 'bad_credentials' },
  },
  {
    at: '2026-01-05T00:59:03.000Z',
    actor: staff(moderator),
    action: 'auth.login',
    subject: { type: 'staff_user', id: moderator.id },
    details: { sessionId: SESSION },
  },
  {
    at: '2026-01-05T01:00:10.000Z',
    actor: staff(moderator),
    action: 'recordings.listed',
    subject: { type: 'recordings', id: '*' },
    details: { filters: { reported: 'true', limit: '25' }, count: 2 },
  },
  { at: '2026-01-05T01:00:31.000Z', actor: staff(moderator), action: 'recording.viewed', subject: rec, details: {} },
  {
    at: '2026-01-05T01:01:02.000Z',
    actor: staff(moderator),
    action: 'grant.created',
    subject: rec,
    purpose: 'deter_crime',
    details: { ...GRANT, expiresAt: '2026-01-05T01:16:02.000Z' },
  },
  {
    at: '2026-01-05T01:01:05.000Z',
    actor: staff(moderator),
    action: 'media.read',
    subject: rec,
    purpose: 'deter_crime',
    details: { ...GRANT, range: { start: 0, end: 1_048_575 }, bytes: 1_048_576 },
  },
  {
    at: '2026-01-05T01:01:06.000Z',
    actor: staff(moderator),
    action: 'thumbnails.read',
    subject: rec,
    purpose: 'deter_crime',
    details: { ...GRANT, bytes: 18_342 },
  },
  {
    at: '2026-01-05T01:20:44.000Z',
    actor: staff(moderator),
    action: 'auth.logout',
    subject: { type: 'staff_user', id: moderator.id },
    details: { sessionId: SESSION },
  },
  {
    at: '2026-01-06T02:00:00.000Z',
    actor: staff(auditor),
    action: 'auth.login',
    subject: { type: 'staff_user', id: auditor.id },
    details: { sessionId: '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6' },
  },
  {
    at: '2026-01-06T02:00:30.000Z',
    actor: staff(auditor),
    action: 'audit.verified',
    subject: { type: 'audit_chain', id: '*' },
    details: { intact: true, events: 14 },
  },
];

/** The chain behind GET /api/audit/events, oldest first (seq 1…). */
export const auditEvents: AuditEventDto[] = drafts.map((draft, index) => ({
  ...draft,
  seq: index + 1,
  purpose: draft.purpose ?? null,
  requestId: draft.actor.type === 'system' ? null : `req-${(0x5f3a + index * 37).toString(16)}`,
  hash: fakeAuditHash(index + 1),
}));
