import type { DecisionOutcome, ReviewSource, Severity, ConductCategory, WellbeingSettings } from '@kura/contracts';

// Audit payloads of the review workflow (queue, flags, decisions, holds, notes, staff admin,
// settings). Bulk actions write one event per item, each carrying the batch that caused it.

type ReviewItemSubject = { type: 'review_item'; id: string };
type RecordingSubject = { type: 'recording'; id: string };
type StaffSubject = { type: 'staff_user'; id: string };

export type ReviewAuditEvent =
  | { action: 'review.listed'; subject: { type: 'review_items'; id: '*' }; details: { filters: Record<string, string>; count: number } }
  | { action: 'review.viewed'; subject: ReviewItemSubject; details: Record<string, never> }
  | { action: 'review.context_viewed'; subject: ReviewItemSubject; details: { userRef: string; creatorRef: string } }
  | { action: 'review.opened'; subject: ReviewItemSubject; details: { callRef: string; source: ReviewSource; note?: string } }
  | { action: 'review.claimed'; subject: ReviewItemSubject; details: { via: 'next' | 'claim'; expiresAt: string } }
  | { action: 'review.released'; subject: ReviewItemSubject; details: { assigneeId: string } }
  | {
      action: 'review.assigned';
      subject: ReviewItemSubject;
      details: { assigneeId: string; previousAssigneeId: string | null; batchId?: string };
    }
  | {
      action: 'review.decided';
      subject: ReviewItemSubject;
      details: {
        decisionId: string;
        outcome: DecisionOutcome;
        suspendDays: number | null;
        flagIds: string[];
        policyClauses: string[];
        batchId?: string;
      };
    }
  | { action: 'review.reopened'; subject: ReviewItemSubject; details: { decisionId: string; reason: string } }
  | {
      action: 'flag.created';
      subject: RecordingSubject;
      details: {
        flagId: string;
        category: ConductCategory;
        severity: Severity;
        startMs: number;
        endMs: number;
        reviewItemId: string | null;
      };
    }
  | { action: 'flag.edited'; subject: RecordingSubject; details: { flagId: string; version: number; changed: string[] } }
  | { action: 'flag.retracted'; subject: RecordingSubject; details: { flagId: string; reason: string } }
  | { action: 'hold.placed'; subject: RecordingSubject; details: { holdId: string; reason: string } }
  | { action: 'hold.released'; subject: RecordingSubject; details: { holdId: string; reason: string } }
  | { action: 'account_note.added'; subject: { type: 'platform_user' | 'creator'; id: string }; details: { noteId: string; ref: string } }
  | { action: 'decisions.polled'; subject: { type: 'decision_feed'; id: '*' }; details: { since: number; count: number } }
  | {
      action: 'staff.updated';
      subject: StaffSubject;
      details: { roles?: { from: string[]; to: string[] }; displayName?: { from: string; to: string } };
    }
  | { action: 'staff.enabled'; subject: StaffSubject; details: { email: string } }
  | { action: 'staff.password_changed'; subject: StaffSubject; details: { sessionsRevoked: number } }
  | { action: 'session.revoked'; subject: StaffSubject; details: { sessionId: string } }
  | { action: 'settings.updated'; subject: { type: 'settings'; id: string }; details: { from: unknown; to: unknown } }
  | { action: 'preferences.updated'; subject: StaffSubject; details: { wellbeing: Partial<WellbeingSettings> } };
