import type { UserEventType } from '@kura/contracts';

// Audit payloads of users' rights: the platform's user events, the upcoming-deletions list (it
// names recordings and accounts) and disclosure exports (personal data leaving the console).

type UserSubject = { type: 'platform_user'; id: string };

export type RightsAuditEvent =
  | {
      action: 'user_event.received';
      subject: UserSubject;
      details: { eventId: string; type: UserEventType; requestRef: string | null; at: string; recordings: number };
    }
  | {
      action: 'retention.upcoming_listed';
      subject: { type: 'recordings'; id: '*' };
      details: { filters: Record<string, string>; count: number };
    }
  | { action: 'disclosures.listed'; subject: { type: 'user_events'; id: '*' }; details: { filters: Record<string, string>; count: number } }
  | {
      action: 'disclosure.exported';
      subject: UserSubject;
      details: { eventId: string; requestRef: string | null; counts: Record<string, number>; withheld: number; first: boolean };
    };
