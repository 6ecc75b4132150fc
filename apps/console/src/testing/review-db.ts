import { type AccountNoteDto, type BulkReviewBody, type DecisionBody, type ReviewItemDetailDto } from '@kura/contracts';
import { db } from './db';
import { extraRecordings, initialNotes, reviewItems } from './review-data';

/** The review workflow's in-memory state behind the msw handlers; reset after every test. */
export interface ReviewDb {
  items: ReviewItemDetailDto[];
  /** Staff notes by `${type}:${ref}`. */
  notes: Map<string, AccountNoteDto[]>;
  /** Every POST /api/me/exposure body, in order. */
  heartbeats: Array<{ recordingId: string; playedMs: number }>;
  decisionBodies: DecisionBody[];
  bulkBodies: BulkReviewBody[];
  /** Page size of GET /api/review-items when the caller sends no limit (the API's default is 25). */
  pageSize: number;
  /** Where GET /api/review-items stops counting (the API's is 1,000). */
  countLimit: number;
  counter: number;
}

function fresh(): ReviewDb {
  const now = Date.now();
  const notes = new Map<string, AccountNoteDto[]>([['user:u-1001', initialNotes(now)]]);
  return {
    items: reviewItems(now),
    notes,
    heartbeats: [],
    decisionBodies: [],
    bulkBodies: [],
    pageSize: 25,
    countLimit: 1000,
    counter: 0,
  };
}

export const reviewDb: ReviewDb = fresh();

export function resetReviewDb(): void {
  Object.assign(reviewDb, fresh());
}

/**
 * Adds the recordings of the review fixtures' other calls (CALL-0004, CALL-0005) to the mock
 * API, for tests that open those items. Opt-in, so the recordings list keeps its three rows.
 */
export function addReviewRecordings(): void {
  for (const recording of extraRecordings()) {
    if (!db.recordings.some((r) => r.id === recording.id)) db.recordings.push(recording);
  }
}

/** A fresh UUID-shaped id; the prefix only helps when reading a failing test. */
export function nextId(prefix: string): string {
  reviewDb.counter += 1;
  const hex = (prefix.length + reviewDb.counter * 7919).toString(16).padStart(12, '0').slice(-12);
  return `00000000-0000-4000-9000-${hex}`;
}
