import { z } from 'zod';
import type { ConductCategory } from './enums.ts';
import type { DecisionOutcome, Severity } from './review.ts';
import type { StaffRefDto } from './shared-dtos.ts';

// Evidence packets for the creator's agency: the staff API (/api/packets, /api/links,
// /api/provision-records) and the agency's share API (/v1/share/{token}).

/** The privacy policy every recording and share relies on, and the clause that allows it. */
export const PRIVACY_POLICY_VERSION = '2020-12-18';
export const PRIVACY_POLICY_CLAUSE =
  '配信者とのビデオ通話中における利用者情報は、本サービスを利用した犯罪行為、不法行為若しくは本サービスの禁止行為の抑制、それらによる被害の拡大の防止のために、当社は保存又は閲覧することができるものとし、配信者が所属する所属事務所に提供することができるものとします。';
/** The basis written into every provision record (第三者提供記録). */
export const PROVISION_BASIS = `利用者の同意（プライバシーポリシー ${PRIVACY_POLICY_VERSION} 版「本サービス上の情報」の定め）`;

export const packetStatuses = ['cutting', 'ready', 'failed', 'approved', 'shared'] as const;
export type PacketStatus = (typeof packetStatuses)[number];
export const clipStates = ['pending', 'cutting', 'ready', 'failed', 'expired'] as const;
export type ClipState = (typeof clipStates)[number];

export const SHARE_LINK_DEFAULT_DAYS = 7;
export const SHARE_LINK_MAX_DAYS = 30;
/** Playback credentials live this long; the agency page renews them while it is open. */
export const SHARE_SESSION_MINUTES = 10;
/** Packet clips are kept this long after the packet was first shared (DESIGN.md retention). */
export const PACKET_CLIP_RETENTION_DAYS = 365;
export const PROVISION_RECORD_RETENTION_YEARS = 3;
export const MAX_CLIPS_PER_PACKET = 20;

const uuid = z.uuid();
const text = (max: number) => z.string().trim().min(1).max(max);

export const ClipRange = z
  .object({ startMs: z.number().int().min(0), endMs: z.number().int().min(1) })
  .strict()
  .refine((c) => c.endMs > c.startMs, { message: 'endMs must be after startMs', path: ['endMs'] });

export const CreatePacketBody = z
  .object({
    recordingId: uuid,
    title: text(200),
    summary: text(8000),
    flagIds: z.array(uuid).max(100).default([]),
    decisionId: uuid.optional(),
    clips: z.array(ClipRange).min(1).max(MAX_CLIPS_PER_PACKET),
  })
  .strict();
export type CreatePacketBody = z.infer<typeof CreatePacketBody>;

export const ApprovePacketBody = z.object({ confirmMinor: z.boolean().optional() }).strict();
export type ApprovePacketBody = z.infer<typeof ApprovePacketBody>;

export const CreateShareLinkBody = z
  .object({
    expiresInDays: z.number().int().min(1).max(SHARE_LINK_MAX_DAYS).default(SHARE_LINK_DEFAULT_DAYS),
    viewCap: z.number().int().min(1).max(1000).optional(),
    /** Given to the agency through another channel; only its hash is kept. */
    passphrase: z.string().min(8).max(200).optional(),
    recipientName: text(200),
    allowDownload: z.boolean(),
  })
  .strict();
export type CreateShareLinkBody = z.infer<typeof CreateShareLinkBody>;
export interface CreateShareLinkResponse {
  linkId: string;
  /** The agency page's address, token included. Shown once: only the token's hash is kept. */
  url: string;
  token: string;
}

export const ListPacketsQuery = z
  .object({
    status: z.enum(packetStatuses).optional(),
    agency: z.string().trim().min(1).max(200).optional(),
    recording: uuid.optional(),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type ListPacketsQuery = z.input<typeof ListPacketsQuery>;

export interface PacketClipDto {
  id: string;
  position: number;
  startMs: number;
  endMs: number;
  state: ClipState;
  /** 0-100 while cutting. */
  progress: number;
  failureReason: string | null;
  contentType: string | null;
  bytes: number | null;
  sha256: string | null;
  durationMs: number | null;
  /** Staff preview (needs a live grant on the source recording). */
  mediaUrl: string | null;
}

export interface PacketFlagDto {
  id: string;
  category: ConductCategory;
  severity: Severity;
  startMs: number;
  endMs: number;
  note: string | null;
}

export interface ShareLinkDto {
  id: string;
  recipientName: string;
  createdBy: StaffRefDto;
  createdAt: string;
  expiresAt: string;
  viewCap: number | null;
  views: number;
  passphrase: boolean;
  allowDownload: boolean;
  revokedAt: string | null;
  revokedBy: StaffRefDto | null;
  /** Usable right now: not revoked, not expired, views left. */
  live: boolean;
}

export interface PacketReplyDto {
  id: string;
  linkId: string;
  recipientName: string;
  body: string;
  acknowledged: boolean;
  createdAt: string;
}

export interface PacketSummaryDto {
  id: string;
  title: string;
  status: PacketStatus;
  recordingId: string;
  callRef: string;
  agency: { ref: string; name: string };
  creator: { ref: string; name: string };
  userRef: string;
  involvesMinor: boolean;
  author: StaffRefDto;
  approvedBy: StaffRefDto | null;
  createdAt: string;
  approvedAt: string | null;
  sharedAt: string | null;
  clipCount: number;
  liveLinks: number;
  replyCount: number;
}
export interface ListPacketsResponse {
  items: PacketSummaryDto[];
  nextCursor: string | null;
}

export interface PacketDetailDto extends PacketSummaryDto {
  summary: string;
  failureReason: string | null;
  flags: PacketFlagDto[];
  decision: { id: string; outcome: DecisionOutcome; rationale: string; decidedAt: string } | null;
  clips: PacketClipDto[];
  links: ShareLinkDto[];
  replies: PacketReplyDto[];
  /** Present once approved. */
  manifest: SignedManifest | null;
  /** The creator now belongs to another agency than the packet's: sharing is refused. */
  recipientChanged: boolean;
}

/** One line of a packet's chain of custody, read from the audit chain. */
export interface CustodyEventDto {
  seq: number;
  at: string;
  action: string;
  actor: { type: 'staff' | 'agency' | 'system' | 'service' | 'anonymous'; id: string; displayName: string | null };
  details: Record<string, unknown>;
}
export interface CustodyResponse {
  items: CustodyEventDto[];
}

// ---- the manifest ------------------------------------------------------------------------------

export interface ManifestClip {
  clipId: string;
  position: number;
  sha256: string;
  bytes: number;
  durationMs: number;
  contentType: string;
  startMs: number;
  endMs: number;
  sourceRecordingId: string;
  sourceSha256: string;
}

export interface PacketManifest {
  type: 'kura.packet-manifest';
  version: 1;
  packetId: string;
  title: string;
  agency: { ref: string; name: string };
  creator: { ref: string; name: string };
  callRef: string;
  callStartedAt: string;
  callEndedAt: string;
  author: StaffRefDto;
  approver: StaffRefDto;
  createdAt: string;
  approvedAt: string;
  privacyPolicy: { version: string; clause: string };
  flags: PacketFlagDto[];
  decision: { outcome: DecisionOutcome; decidedAt: string } | null;
  clips: ManifestClip[];
}

export interface SignedManifest {
  payload: PacketManifest;
  /** Ed25519 over the RFC 8785 canonical JSON of `payload` (see signing.ts). */
  signature: { keyId: string; alg: 'Ed25519'; value: string };
}

// ---- provision records (第三者提供記録) ------------------------------------------------------

export const ListProvisionRecordsQuery = z
  .object({
    agency: z.string().trim().min(1).max(200).optional(),
    subject: z.string().trim().min(1).max(200).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    format: z.enum(['json', 'csv']).default('json'),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type ListProvisionRecordsQuery = z.input<typeof ListProvisionRecordsQuery>;

export interface ProvisionRecordDto {
  id: string;
  providedAt: string;
  recipient: { ref: string; name: string };
  subject: { type: 'user' | 'creator'; ref: string };
  items: string;
  basis: string;
  privacyPolicyVersion: string;
  packetId: string;
  linkId: string;
  approvedBy: StaffRefDto;
  retainUntil: string;
}
export interface ListProvisionRecordsResponse {
  items: ProvisionRecordDto[];
  nextCursor: string | null;
}

// ---- the agency's side: /v1/share/{token} ------------------------------------------------------

export const ShareSessionBody = z.object({ passphrase: z.string().max(200).optional() }).strict();
export type ShareSessionBody = z.infer<typeof ShareSessionBody>;
export interface ShareSessionResponse {
  expiresAt: string;
}

export const ShareReplyBody = z.object({ body: text(4000), acknowledge: z.boolean().optional() }).strict();
export type ShareReplyBody = z.infer<typeof ShareReplyBody>;

/** What the agency page shows (after a session was started). No staff names, no user data beyond the packet. */
export interface SharedPacketDto {
  packet: {
    title: string;
    summary: string;
    agency: { ref: string; name: string };
    creator: { name: string };
    callRef: string;
    callStartedAt: string;
    flags: PacketFlagDto[];
    decision: { outcome: DecisionOutcome; decidedAt: string } | null;
    clips: {
      id: string;
      position: number;
      startMs: number;
      endMs: number;
      durationMs: number;
      bytes: number;
      sha256: string;
      contentType: string;
    }[];
    approvedAt: string;
  };
  link: { recipientName: string; expiresAt: string; allowDownload: boolean; viewsLeft: number | null; sessionExpiresAt: string };
  replies: { body: string; acknowledged: boolean; createdAt: string }[];
}

/** Audit actions of packets, links, provision records and agency access. */
export const packetAuditActions = [
  'packet.created',
  'packet.viewed',
  'packets.listed',
  'packet.clip_ready',
  'packet.clip_failed',
  'packet.clip_read',
  'packet.approved',
  'packet.approval_withdrawn',
  'link.created',
  'link.revoked',
  'provision.recorded',
  'provision_records.listed',
  'share.session_started',
  'share.session_refused',
  'share.viewed',
  'share.clip_read',
  'share.downloaded',
  'share.manifest_read',
  'share.replied',
] as const;
