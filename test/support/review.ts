import { randomBytes } from 'node:crypto';
import type { ConductCategory, DecisionDto, ListReviewItemsResponse, ReviewItemDetailDto, Severity } from '@kura/contracts';
import { bearer, type Harness } from './harness.ts';
import { callBody, postReport, putCall, uploadRecording } from './media.ts';
import type { SignedIn } from './staff.ts';

// Helpers for the review workflow's tests: items made through the real ingest API, staff calls
// through the real HTTP API. Flags are written straight to the database here (the flag routes
// are another part of the API and are tested there).

export interface ItemSpec {
  callRef?: string;
  userRef?: string;
  creatorRef?: string;
  agencyRef?: string;
  /** One report per entry; none opens no item. */
  reports?: ConductCategory[];
  /** Upload a (random, unprocessed) recording too. */
  recording?: boolean;
  startedAt?: string;
}

export interface SeededItem {
  callRef: string;
  itemId: string | null;
  recordingId: string | null;
}

const unique = (p: string) => `${p}-${randomBytes(5).toString('hex')}`;

/** A call (with its own user, creator and agency unless given), its reports and maybe a recording. */
export async function seedItem(h: Harness, spec: ItemSpec = {}): Promise<SeededItem> {
  const callRef = spec.callRef ?? unique('call');
  const put = await putCall(
    h,
    callRef,
    callBody({
      userRef: spec.userRef ?? unique('user'),
      creatorRef: spec.creatorRef ?? unique('creator'),
      agencyRef: spec.agencyRef ?? 'agency-1',
      startedAt: spec.startedAt,
      endedAt: spec.startedAt ? new Date(new Date(spec.startedAt).getTime() + 300_000).toISOString() : undefined,
    }),
  );
  if (put.status !== 201 && put.status !== 200) throw new Error(`PUT call: ${put.status} ${await put.text()}`);
  let recordingId: string | null = null;
  if (spec.recording) {
    const res = await uploadRecording(h, callRef, randomBytes(4096), 'video/mp4');
    if (res.status !== 201) throw new Error(`PUT recording: ${res.status} ${await res.text()}`);
    recordingId = ((await res.json()) as { recordingId: string }).recordingId;
  }
  let itemId: string | null = null;
  for (const category of spec.reports ?? ['harassment']) {
    const res = await postReport(h, { callRef, reporter: 'creator', category, ...(category === 'other' ? { note: 'see call' } : {}) });
    if (res.status !== 201) throw new Error(`POST report: ${res.status} ${await res.text()}`);
    itemId = ((await res.json()) as { reviewItemId: string }).reviewItemId;
  }
  return { callRef, itemId, recordingId };
}

/** A staff API call: JSON in, the raw Response out. */
export function api(h: Harness, s: SignedIn | null, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = s ? s.headers() : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${h.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function ok<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function listItems(h: Harness, s: SignedIn, query: Record<string, string> = {}): Promise<ListReviewItemsResponse> {
  return ok(await api(h, s, 'GET', `/api/review-items?${new URLSearchParams(query)}`), 200);
}

export async function claim(h: Harness, s: SignedIn, id: string): Promise<ReviewItemDetailDto> {
  return ok(await api(h, s, 'POST', `/api/review-items/${id}/claim`), 200);
}

/** "Start reviewing": the item, or null on 204. */
export async function next(h: Harness, s: SignedIn): Promise<ReviewItemDetailDto | null> {
  const res = await api(h, s, 'POST', '/api/review-items/next');
  if (res.status === 204) return null;
  return ok(res, 200);
}

export async function decide(
  h: Harness,
  s: SignedIn,
  id: string,
  body: { outcome: string; rationale?: string; flagIds?: string[]; suspendDays?: number },
): Promise<DecisionDto> {
  return ok(await api(h, s, 'POST', `/api/review-items/${id}/decision`, { rationale: 'as seen in the call', ...body }), 201);
}

export async function detail(h: Harness, s: SignedIn, id: string): Promise<ReviewItemDetailDto> {
  return ok(await api(h, s, 'GET', `/api/review-items/${id}`), 200);
}

export interface FlagSpec {
  recordingId: string;
  authorId: string;
  category?: ConductCategory;
  severity?: Severity;
  startMs?: number;
  endMs?: number;
  retractedBy?: string;
}

/** A flag as the flag service stores one: the row and its first revision. */
export async function insertFlag(h: Harness, f: FlagSpec): Promise<string> {
  const at = h.ctx.now();
  const category = f.category ?? 'harassment';
  const row = await h.ctx.db
    .insertInto('flags')
    .values({
      recording_id: f.recordingId,
      category,
      severity: f.severity ?? 'medium',
      start_ms: f.startMs ?? 1000,
      end_ms: f.endMs ?? 4000,
      note: category === 'other' ? 'see call' : null,
      author_id: f.authorId,
      created_at: at,
      updated_at: at,
      ...(f.retractedBy ? { retracted_at: at, retracted_by: f.retractedBy, retract_reason: 'mistaken' } : {}),
    })
    .returning(['id', 'category', 'severity', 'start_ms', 'end_ms', 'note'])
    .executeTakeFirstOrThrow();
  await h.ctx.db
    .insertInto('flag_revisions')
    .values({
      flag_id: row.id,
      version: 1,
      category: row.category,
      severity: row.severity,
      start_ms: row.start_ms,
      end_ms: row.end_ms,
      note: row.note,
      edited_by: f.authorId,
      edited_at: at,
    })
    .execute();
  return row.id;
}

export function pollFeed(h: Harness, query: Record<string, string> = {}, token?: string): Promise<Response> {
  return fetch(`${h.baseUrl}/v1/ingest/decisions?${new URLSearchParams(query)}`, { headers: bearer(token) });
}
