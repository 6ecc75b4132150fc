import { z } from 'zod';
import { ConductCategory } from './enums.ts';
import { DecisionOutcome, Severity } from './review.ts';
import { StaffRefDto } from './shared-dtos.ts';

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
export const CreateShareLinkResponse = z
  .object({
    linkId: z.string(),
    /** The agency page's address, token included. Shown once: only the token's hash is kept. */
    url: z.string(),
    token: z.string(),
  })
  .meta({ id: 'CreateShareLinkResponse' });
export type CreateShareLinkResponse = z.infer<typeof CreateShareLinkResponse>;

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

const refName = z.object({ ref: z.string(), name: z.string() });
const nullableStaff = StaffRefDto.nullable();

export const PacketClipDto = z
  .object({
    id: z.string(),
    position: z.number(),
    startMs: z.number(),
    endMs: z.number(),
    state: z.enum(clipStates),
    /** 0-100 while cutting. */
    progress: z.number(),
    failureReason: z.string().nullable(),
    contentType: z.string().nullable(),
    bytes: z.number().nullable(),
    sha256: z.string().nullable(),
    durationMs: z.number().nullable(),
    /** Staff preview (needs a live grant on the source recording). */
    mediaUrl: z.string().nullable(),
  })
  .meta({ id: 'PacketClipDto' });
export type PacketClipDto = z.infer<typeof PacketClipDto>;

export const PacketFlagDto = z
  .object({
    id: z.string(),
    category: ConductCategory,
    severity: Severity,
    startMs: z.number(),
    endMs: z.number(),
    note: z.string().nullable(),
  })
  .meta({ id: 'PacketFlagDto' });
export type PacketFlagDto = z.infer<typeof PacketFlagDto>;

export const ShareLinkDto = z
  .object({
    id: z.string(),
    recipientName: z.string(),
    createdBy: StaffRefDto,
    createdAt: z.string(),
    expiresAt: z.string(),
    viewCap: z.number().nullable(),
    views: z.number(),
    passphrase: z.boolean(),
    allowDownload: z.boolean(),
    revokedAt: z.string().nullable(),
    revokedBy: nullableStaff,
    /** Usable right now: not revoked, not expired, views left. */
    live: z.boolean(),
  })
  .meta({ id: 'ShareLinkDto' });
export type ShareLinkDto = z.infer<typeof ShareLinkDto>;

export const PacketReplyDto = z
  .object({
    id: z.string(),
    linkId: z.string(),
    recipientName: z.string(),
    body: z.string(),
    acknowledged: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'PacketReplyDto' });
export type PacketReplyDto = z.infer<typeof PacketReplyDto>;

export const PacketSummaryDto = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(packetStatuses),
    recordingId: z.string(),
    callRef: z.string(),
    agency: refName,
    creator: refName,
    userRef: z.string(),
    involvesMinor: z.boolean(),
    author: StaffRefDto,
    approvedBy: nullableStaff,
    createdAt: z.string(),
    approvedAt: z.string().nullable(),
    sharedAt: z.string().nullable(),
    clipCount: z.number(),
    liveLinks: z.number(),
    replyCount: z.number(),
  })
  .meta({ id: 'PacketSummaryDto' });
export type PacketSummaryDto = z.infer<typeof PacketSummaryDto>;
export const ListPacketsResponse = z
  .object({ items: z.array(PacketSummaryDto), nextCursor: z.string().nullable() })
  .meta({ id: 'ListPacketsResponse' });
export type ListPacketsResponse = z.infer<typeof ListPacketsResponse>;

// ---- the manifest ------------------------------------------------------------------------------

export const ManifestClip = z
  .object({
    clipId: z.string(),
    position: z.number(),
    sha256: z.string(),
    bytes: z.number(),
    durationMs: z.number(),
    contentType: z.string(),
    startMs: z.number(),
    endMs: z.number(),
    sourceRecordingId: z.string(),
    sourceSha256: z.string(),
  })
  .meta({ id: 'ManifestClip' });
export type ManifestClip = z.infer<typeof ManifestClip>;

const decided = z.object({ outcome: DecisionOutcome, decidedAt: z.string() }).nullable();

export const PacketManifest = z
  .object({
    type: z.literal('kura.packet-manifest'),
    version: z.literal(1),
    packetId: z.string(),
    title: z.string(),
    agency: refName,
    creator: refName,
    callRef: z.string(),
    callStartedAt: z.string(),
    callEndedAt: z.string(),
    author: StaffRefDto,
    approver: StaffRefDto,
    createdAt: z.string(),
    approvedAt: z.string(),
    privacyPolicy: z.object({ version: z.string(), clause: z.string() }),
    flags: z.array(PacketFlagDto),
    decision: decided,
    clips: z.array(ManifestClip),
  })
  .meta({ id: 'PacketManifest' });
export type PacketManifest = z.infer<typeof PacketManifest>;

export const SignedManifest = z
  .object({
    payload: PacketManifest,
    /** Ed25519 over the RFC 8785 canonical JSON of `payload` (see signing.ts). */
    signature: z.object({ keyId: z.string(), alg: z.literal('Ed25519'), value: z.string() }),
  })
  .meta({ id: 'SignedManifest' });
export type SignedManifest = z.infer<typeof SignedManifest>;

export const PacketDetailDto = PacketSummaryDto.extend({
  summary: z.string(),
  failureReason: z.string().nullable(),
  flags: z.array(PacketFlagDto),
  decision: z.object({ id: z.string(), outcome: DecisionOutcome, rationale: z.string(), decidedAt: z.string() }).nullable(),
  clips: z.array(PacketClipDto),
  links: z.array(ShareLinkDto),
  replies: z.array(PacketReplyDto),
  /** Present once approved. */
  manifest: SignedManifest.nullable(),
  /** The creator now belongs to another agency than the packet's: sharing is refused. */
  recipientChanged: z.boolean(),
}).meta({ id: 'PacketDetailDto' });
export type PacketDetailDto = z.infer<typeof PacketDetailDto>;

/** One line of a packet's chain of custody, read from the audit chain. */
export const CustodyEventDto = z
  .object({
    seq: z.number(),
    at: z.string(),
    action: z.string(),
    actor: z.object({
      type: z.enum(['staff', 'agency', 'system', 'service', 'anonymous']),
      id: z.string(),
      displayName: z.string().nullable(),
    }),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'CustodyEventDto' });
export type CustodyEventDto = z.infer<typeof CustodyEventDto>;
export const CustodyResponse = z.object({ items: z.array(CustodyEventDto) }).meta({ id: 'CustodyResponse' });
export type CustodyResponse = z.infer<typeof CustodyResponse>;

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

export const ProvisionRecordDto = z
  .object({
    id: z.string(),
    providedAt: z.string(),
    recipient: refName,
    subject: z.object({ type: z.enum(['user', 'creator']), ref: z.string() }),
    items: z.string(),
    basis: z.string(),
    privacyPolicyVersion: z.string(),
    packetId: z.string(),
    linkId: z.string(),
    approvedBy: StaffRefDto,
    retainUntil: z.string(),
  })
  .meta({ id: 'ProvisionRecordDto' });
export type ProvisionRecordDto = z.infer<typeof ProvisionRecordDto>;
export const ListProvisionRecordsResponse = z
  .object({ items: z.array(ProvisionRecordDto), nextCursor: z.string().nullable() })
  .meta({ id: 'ListProvisionRecordsResponse' });
export type ListProvisionRecordsResponse = z.infer<typeof ListProvisionRecordsResponse>;

// ---- the agency's side: /v1/share/{token} ------------------------------------------------------

export const ShareSessionBody = z.object({ passphrase: z.string().max(200).optional() }).strict();
export type ShareSessionBody = z.infer<typeof ShareSessionBody>;
export const ShareSessionResponse = z.object({ expiresAt: z.string() }).meta({ id: 'ShareSessionResponse' });
export type ShareSessionResponse = z.infer<typeof ShareSessionResponse>;

export const ShareReplyBody = z.object({ body: text(4000), acknowledge: z.boolean().optional() }).strict();
export type ShareReplyBody = z.infer<typeof ShareReplyBody>;
export const ShareReplyResponse = z
  .object({ id: z.string(), body: z.string(), acknowledged: z.boolean(), createdAt: z.string() })
  .meta({ id: 'ShareReplyResponse' });
export type ShareReplyResponse = z.infer<typeof ShareReplyResponse>;

/** What the agency page shows (after a session was started). No staff names, no user data beyond the packet. */
export const SharedPacketDto = z
  .object({
    packet: z.object({
      title: z.string(),
      summary: z.string(),
      agency: refName,
      creator: z.object({ name: z.string() }),
      callRef: z.string(),
      callStartedAt: z.string(),
      flags: z.array(PacketFlagDto),
      decision: decided,
      clips: z.array(
        z.object({
          id: z.string(),
          position: z.number(),
          startMs: z.number(),
          endMs: z.number(),
          durationMs: z.number(),
          bytes: z.number(),
          sha256: z.string(),
          contentType: z.string(),
        }),
      ),
      approvedAt: z.string(),
    }),
    link: z.object({
      recipientName: z.string(),
      expiresAt: z.string(),
      allowDownload: z.boolean(),
      viewsLeft: z.number().nullable(),
      sessionExpiresAt: z.string(),
    }),
    replies: z.array(z.object({ body: z.string(), acknowledged: z.boolean(), createdAt: z.string() })),
  })
  .meta({ id: 'SharedPacketDto' });
export type SharedPacketDto = z.infer<typeof SharedPacketDto>;

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
