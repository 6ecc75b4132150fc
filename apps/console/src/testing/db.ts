import type { AccessLogEntryDto, GrantDto, RecordingDetailDto, SessionResponse } from '@kura/contracts';
import { recordings } from './data';

/** The in-memory state behind the msw handlers; reset after every test. */
export interface MockDb {
  session: SessionResponse | null;
  recordings: RecordingDetailDto[];
  /** Live grants by recording id (for the signed-in user). */
  grants: Map<string, GrantDto>;
  accessLog: Map<string, AccessLogEntryDto[]>;
  seq: number;
}

function fresh(): MockDb {
  return {
    session: null,
    recordings: structuredClone(recordings),
    grants: new Map(),
    accessLog: new Map(),
    seq: 0,
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
    actor: { id: user?.id ?? 'unknown', email: user?.email ?? null, displayName: user?.displayName ?? null },
    ...entry,
  });
  db.accessLog.set(recordingId, list);
}
