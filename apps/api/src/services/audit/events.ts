import type { ActorType as ContractActorType, auditActions } from '@kura/contracts';
import type { ActorType, Purpose } from '@kura/db';
import type { PacketAuditEvent } from './packet-events.ts';
import type { RetentionAuditEvent } from './retention-events.ts';
import type { ReviewAuditEvent } from './review-events.ts';
import type { RightsAuditEvent } from './rights-events.ts';

// Every audit event's payload, one variant per action. Adding an action means adding it here.

export interface Actor {
  type: ActorType;
  id: string;
}

interface ByteRange {
  start: number;
  end: number;
}

export type AuditEventInput =
  | ReviewAuditEvent
  | PacketAuditEvent
  | RightsAuditEvent
  | RetentionAuditEvent
  | { action: 'call.upserted'; subject: { type: 'call'; id: string }; details: { ref: string; created: boolean } }
  | {
      action: 'recording.ingested';
      subject: { type: 'recording'; id: string };
      details: { callRef: string; sha256: string; bytes: number; contentType: string };
    }
  | {
      action: 'recording.processed';
      subject: { type: 'recording'; id: string };
      details: { state: 'ready' | 'unplayable'; reason?: string; thumbnails: boolean };
    }
  | {
      action: 'report.filed';
      subject: { type: 'report'; id: string };
      details: { callRef: string; reviewItemId: string; reporter: string; category: string };
    }
  | { action: 'keys.rotation_started'; subject: { type: 'keyring'; id: string }; details: { newKekId: string } }
  | { action: 'keys.rotation_finished'; subject: { type: 'keyring'; id: string }; details: { newKekId: string; rewrapped: number } }
  | { action: 'keys.signing_key_added'; subject: { type: 'keyring'; id: string }; details: { keyId: string; previousKeyId: string | null } }
  | {
      action: 'auth.login';
      subject: { type: 'staff_user'; id: string };
      // Rows written before SSO existed carry no method: they were all password sign-ins. `linked`:
      // this sign-in tied the provider's identity to the account for the first time.
      details: { sessionId: string; method?: 'password' } | { sessionId: string; method: 'oidc'; issuer: string; linked?: true };
    }
  | {
      action: 'auth.login_failed';
      subject: { type: 'staff_user'; id: string };
      // A rate_limited row stands for `refusals` refusals of this email from one address: itself
      // and those folded into the window before it (services/auth/sessions.ts). An oidc row is a
      // person the identity provider vouched for whom Kura still turned away
      // (services/auth/oidc-sign-in.ts).
      details:
        | { reason: 'bad_credentials' | 'disabled' }
        | { reason: 'rate_limited'; refusals: number }
        | { method: 'oidc'; reason: 'disabled' | 'no_role' | 'account_conflict' | 'no_email'; groups?: string[] };
    }
  | { action: 'auth.logout'; subject: { type: 'staff_user'; id: string }; details: { sessionId: string } }
  | { action: 'staff.created'; subject: { type: 'staff_user'; id: string }; details: { email: string; roles: string[] } }
  | { action: 'staff.disabled'; subject: { type: 'staff_user'; id: string }; details: { email: string } }
  | {
      action: 'grant.created';
      subject: { type: 'recording'; id: string };
      purpose: Purpose;
      details: { grantId: string; reference: string; expiresAt: string };
    }
  | {
      action: 'media.read';
      subject: { type: 'recording'; id: string };
      purpose: Purpose;
      details: { grantId: string; reference: string; range: ByteRange | null; bytes: number };
    }
  | {
      action: 'thumbnails.read';
      subject: { type: 'recording'; id: string };
      purpose: Purpose;
      details: { grantId: string; reference: string; bytes: number };
    }
  | { action: 'recording.viewed'; subject: { type: 'recording'; id: string }; details: Record<string, never> }
  | { action: 'recordings.listed'; subject: { type: 'recordings'; id: '*' }; details: { filters: Record<string, string>; count: number } }
  | { action: 'audit.read'; subject: { type: 'audit_chain'; id: '*' }; details: { filters: Record<string, string>; count: number } }
  | {
      action: 'audit.verified';
      subject: { type: 'audit_chain'; id: '*' };
      details: { intact: boolean; events: number; firstBrokenSeq?: number; checkpoints?: { checked: number; failed: number } };
    }
  | {
      action: 'audit.checkpointed';
      subject: { type: 'audit_chain'; id: '*' };
      details: { seq: number; hash: string; key: string; keyId: string; retained: boolean; trigger: 'schedule' | 'cli' };
    }
  | { action: 'demo.seeded'; subject: { type: 'demo'; id: string }; details: { calls: number; reports: number } };

export type AuditAction = AuditEventInput['action'];

// The contracts' list of actions and this union must name the same actions, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const actionsMatch: Same<AuditAction, (typeof auditActions)[number]> = true;
void actionsMatch;
// Likewise the database's actor types and the ones the API answers with.
const actorTypesMatch: Same<ActorType, ContractActorType> = true;
void actorTypesMatch;

export interface AuditContext {
  actor: Actor;
  requestId?: string | null;
}
