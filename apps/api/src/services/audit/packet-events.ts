import type { Purpose } from '@kura/db';

// Audit payloads of evidence packets, share links, provision records and the agency's access.
// Staff and system events name the packet as subject; the agency's reads of clip bytes name the
// source recording (so the recording's access history shows them) and carry the packet id.

type PacketSubject = { type: 'packet'; id: string };
type RecordingSubject = { type: 'recording'; id: string };
interface ByteRange {
  start: number;
  end: number;
}

export type PacketAuditEvent =
  | {
      action: 'packet.created';
      subject: PacketSubject;
      details: {
        recordingId: string;
        agencyRef: string;
        clips: { startMs: number; endMs: number }[];
        flagIds: string[];
        decisionId: string | null;
      };
    }
  | { action: 'packet.viewed'; subject: PacketSubject; details: Record<string, never> }
  | { action: 'packets.listed'; subject: { type: 'packets'; id: '*' }; details: { filters: Record<string, string>; count: number } }
  | {
      action: 'packet.clip_ready';
      subject: PacketSubject;
      details: { clipId: string; sha256: string; bytes: number; mode: 'copy' | 'transcode' };
    }
  | { action: 'packet.clip_failed'; subject: PacketSubject; details: { clipId: string; reason: string; attempts: number } }
  | {
      action: 'packet.clip_read';
      subject: RecordingSubject;
      purpose: Purpose;
      details: { packetId: string; clipId: string; grantId: string; reference: string; range: ByteRange | null; bytes: number };
    }
  | { action: 'packet.approved'; subject: PacketSubject; details: { minorConfirmed: boolean; manifestKeyId: string } }
  | { action: 'packet.approval_withdrawn'; subject: PacketSubject; details: { reason: string } }
  | {
      action: 'link.created';
      subject: PacketSubject;
      details: {
        linkId: string;
        recipientName: string;
        expiresAt: string;
        viewCap: number | null;
        passphrase: boolean;
        allowDownload: boolean;
      };
    }
  | { action: 'link.revoked'; subject: PacketSubject; details: { linkId: string } }
  | {
      action: 'provision.recorded';
      subject: PacketSubject;
      details: { recordIds: string[]; agencyRef: string; subjects: { type: 'user' | 'creator'; ref: string }[] };
    }
  | {
      action: 'provision_records.listed';
      subject: { type: 'provision_records'; id: '*' };
      details: { filters: Record<string, string>; count: number; format: 'json' | 'csv' };
    }
  | { action: 'share.session_started'; subject: PacketSubject; details: { linkId: string; sessionId: string; renewed: boolean } }
  | {
      action: 'share.session_refused';
      subject: PacketSubject;
      details: { linkId: string; reason: 'wrong_passphrase' | 'rate_limited'; folded?: number };
    }
  | { action: 'share.viewed'; subject: PacketSubject; details: { linkId: string } }
  | {
      action: 'share.clip_read';
      subject: RecordingSubject;
      details: { packetId: string; clipId: string; linkId: string; range: ByteRange | null; bytes: number };
    }
  | { action: 'share.downloaded'; subject: RecordingSubject; details: { packetId: string; clipId: string; linkId: string; bytes: number } }
  | { action: 'share.manifest_read'; subject: PacketSubject; details: { linkId: string } }
  | { action: 'share.replied'; subject: PacketSubject; details: { linkId: string; replyId: string; acknowledged: boolean } };
