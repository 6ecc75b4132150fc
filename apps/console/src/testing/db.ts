import type {
  AccessLogEntryDto,
  AuditEventDto,
  GrantDto,
  LatestCheckpointResponse,
  RecordingDetailDto,
  SessionResponse,
} from '@kura/contracts';
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
  /** What GET /api/audit/checkpoints/latest answers. */
  latestCheckpoint: LatestCheckpointResponse;
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
    latestCheckpoint: {
      everyMinutes: 10,
      checkpoint: {
        key: 'audit-checkpoints/0000000000000014-20260105T011500000Z.json',
        seq: 14,
        hash: fakeAuditHash(14),
        occurredAt: '2026-01-05T01:14:02.000Z',
        at: '2026-01-05T01:15:00.000Z',
        keyId: 'ed25519-3f1c9a0b7d2e4c58',
        standing: 'extends',
      },
    },
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
