import type { AccessLogEntryDto, AuditEventDto, GrantDto, RecordingDetailDto, SessionResponse } from '@kura/contracts';
import { auditEvents, fakeAuditHash } from './audit-data';
import { recordings } from './data';

/** The in-memory state behind the msw handlers; reset after every test. */
export interface MockDb {
  session: SessionResponse | null;
  recordings: RecordingDetailDto[];
  /** Live grants by recording id (for the signed-in user). */
  grants: Map<string, GrantDto>;
  accessLog: Map<string, AccessLogEntryDto[]>;
  seq: number;
  /** The audit chain, oldest first. */
  auditEvents: AuditEventDto[];
  /** Page size of GET /api/audit/events when the caller sends no limit (the API's default is 50). */
  auditPageSize: number;
  /** When set, GET /api/audit/verify reports the chain broken from this seq. */
  auditBrokenSeq: number | null;
}

function fresh(): MockDb {
  return {
    session: null,
    recordings: structuredClone(recordings),
    grants: new Map(),
    accessLog: new Map(),
    seq: 0,
    auditEvents: structuredClone(auditEvents),
    auditPageSize: 50,
    auditBrokenSeq: null,
  };
}

export const db: MockDb = fresh();

export function resetDb(): void {
  Object.assign(db, fresh());
}

export function appendAccessLog(recordingId: string, entry: Omit<AccessLogEntryDto, 'seq' | 'at' | 'actor'>): void {
  const user = db.session?.user;
  const list = db.accessLog.get(recordingId) ?? [];
  db.seq += 1;
  list.push({
    seq: db.seq,
    at: new Date().toISOString(),
    actor: { type: 'staff', id: user?.id ?? 'unknown', email: user?.email ?? null, displayName: user?.displayName ?? null, agency: null },
    ...entry,
  });
  db.accessLog.set(recordingId, list);
}

/** Appends an event by the signed-in user to the audit chain, as the API does for reads and verifies. */
export function appendAuditEvent(event: Pick<AuditEventDto, 'action' | 'subject' | 'details'>): void {
  const user = db.session?.user;
  const seq = (db.auditEvents.at(-1)?.seq ?? 0) + 1;
  db.auditEvents.push({
    seq,
    at: new Date().toISOString(),
    actor: { type: 'staff', id: user?.id ?? 'anonymous', email: user?.email ?? null, displayName: user?.displayName ?? null },
    purpose: null,
    requestId: `req-audit-${seq}`,
    hash: fakeAuditHash(seq),
    ...event,
  });
}
