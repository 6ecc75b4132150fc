import {
  PRIVACY_POLICY_CLAUSE,
  PRIVACY_POLICY_VERSION,
  PROVISION_BASIS,
  type CustodyEventDto,
  type DecisionDto,
  type FlagDto,
  type PacketClipDto,
  type PacketDetailDto,
  type PacketSummaryDto,
  type ProvisionRecordDto,
  type SharedPacketDto,
  type ShareLinkDto,
  type SignedManifest,
  type StaffRefDto,
  type StaffUserDto,
} from '@kura/contracts';
import { agencies, auditor, moderator, recordings } from './data';

// Evidence packets as the staff API and the agency's share API would answer them (msw only).

export const packetLead: StaffUserDto = { id: 'staff-lead-1', email: 'lead@kura.test', displayName: '高橋 健', roles: ['lead'] };
export const otherLead: StaffUserDto = { id: 'staff-lead-2', email: 'lead2@kura.test', displayName: '田中 美咲', roles: ['lead'] };
export { auditor, moderator };

export const ref = (user: StaffUserDto): StaffRefDto => ({ id: user.id, displayName: user.displayName });

const [hoshi, tsuki] = agencies as [(typeof agencies)[0], (typeof agencies)[0]];
const rec1 = recordings[0]!;
const SOURCE_SHA = rec1.sha256!;

export const hex = (seed: string) => {
  let out = '';
  let x = 0;
  for (const ch of seed) x = (x * 31 + ch.charCodeAt(0)) >>> 0;
  while (out.length < 64) {
    x = (Math.imul(x ^ (x >>> 13), 2_654_435_761) + 0x6d2b79f5) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
};

export function clip(packetId: string, position: number, startMs: number, endMs: number, over: Partial<PacketClipDto> = {}): PacketClipDto {
  const id = `${packetId}-clip-${position}`;
  return {
    id,
    position,
    startMs,
    endMs,
    state: 'ready',
    progress: 100,
    failureReason: null,
    contentType: 'video/mp4',
    bytes: 1_048_576 * position,
    sha256: hex(id),
    durationMs: endMs - startMs,
    mediaUrl: `/api/packets/${packetId}/clips/${id}/media`,
    ...over,
  };
}

export const packetFlags: FlagDto[] = [
  {
    id: 'flag-contact',
    recordingId: rec1.id,
    reviewItemId: 'rev-0001',
    category: 'contact_exchange',
    severity: 'high',
    startMs: 95_000,
    endMs: 110_000,
    note: 'LINE の ID を繰り返し尋ねている',
    author: ref(moderator),
    version: 1,
    createdAt: '2026-01-05T01:05:00Z',
    updatedAt: '2026-01-05T01:05:00Z',
    retracted: null,
    history: [],
  },
  {
    id: 'flag-harass',
    recordingId: rec1.id,
    reviewItemId: 'rev-0001',
    category: 'harassment',
    severity: 'medium',
    startMs: 300_250,
    endMs: 312_000,
    note: null,
    author: ref(moderator),
    version: 1,
    createdAt: '2026-01-05T01:06:00Z',
    updatedAt: '2026-01-05T01:06:00Z',
    retracted: null,
    history: [],
  },
  {
    id: 'flag-retracted',
    recordingId: rec1.id,
    reviewItemId: 'rev-0001',
    category: 'hate',
    severity: 'low',
    startMs: 10_000,
    endMs: 20_000,
    note: '誤り',
    author: ref(moderator),
    version: 2,
    createdAt: '2026-01-05T01:07:00Z',
    updatedAt: '2026-01-05T01:08:00Z',
    retracted: { at: '2026-01-05T01:08:00Z', by: ref(moderator), reason: 'mistake' },
    history: [],
  },
];

export const packetDecisions: DecisionDto[] = [
  {
    id: 'dec-1',
    reviewItemId: 'rev-0001',
    outcome: 'refer_to_agency',
    suspendDays: null,
    rationale: '連絡先の交換を求める行為が繰り返された',
    flagIds: ['flag-contact'],
    policyVersion: 'conduct-2026-11',
    policyClauses: ['prohibited.3.contact_exchange'],
    decidedBy: ref(moderator),
    decidedAt: '2026-01-05T02:00:00Z',
    reopened: null,
  },
  {
    id: 'dec-old',
    reviewItemId: 'rev-0001',
    outcome: 'no_violation',
    suspendDays: null,
    rationale: 'superseded',
    flagIds: [],
    policyVersion: 'conduct-2026-11',
    policyClauses: [],
    decidedBy: ref(moderator),
    decidedAt: '2026-01-05T01:30:00Z',
    reopened: { at: '2026-01-05T01:50:00Z', by: ref(packetLead), reason: 'new evidence' },
  },
];

const packetFlag = (f: FlagDto) => ({
  id: f.id,
  category: f.category,
  severity: f.severity,
  startMs: f.startMs,
  endMs: f.endMs,
  note: f.note,
});

export function manifestFor(p: PacketDetailDto, approver: StaffUserDto, approvedAt: string): SignedManifest {
  return {
    payload: {
      type: 'kura.packet-manifest',
      version: 1,
      packetId: p.id,
      title: p.title,
      agency: p.agency,
      creator: p.creator,
      callRef: p.callRef,
      callStartedAt: rec1.startedAt,
      callEndedAt: rec1.endedAt,
      author: p.author,
      approver: ref(approver),
      createdAt: p.createdAt,
      approvedAt,
      privacyPolicy: { version: PRIVACY_POLICY_VERSION, clause: PRIVACY_POLICY_CLAUSE },
      flags: p.flags,
      decision: p.decision ? { outcome: p.decision.outcome, decidedAt: p.decision.decidedAt } : null,
      clips: p.clips.map((c) => ({
        clipId: c.id,
        position: c.position,
        sha256: c.sha256 ?? '',
        bytes: c.bytes ?? 0,
        durationMs: c.durationMs ?? 0,
        contentType: c.contentType ?? 'video/mp4',
        startMs: c.startMs,
        endMs: c.endMs,
        sourceRecordingId: p.recordingId,
        sourceSha256: SOURCE_SHA,
      })),
    },
    signature: { keyId: 'ed25519-0123456789abcdef', alg: 'Ed25519', value: 'c2lnbmF0dXJl' },
  };
}

function packet(over: Partial<PacketDetailDto> & { id: string; title: string }): PacketDetailDto {
  return {
    status: 'ready',
    recordingId: rec1.id,
    callRef: rec1.callRef,
    agency: hoshi,
    creator: rec1.creator,
    userRef: rec1.userRef,
    involvesMinor: false,
    author: ref(moderator),
    approvedBy: null,
    createdAt: '2026-01-06T01:00:00Z',
    approvedAt: null,
    sharedAt: null,
    clipCount: 0,
    liveLinks: 0,
    replyCount: 0,
    summary: '通話中に利用者が配信者の連絡先を繰り返し尋ねました。',
    failureReason: null,
    flags: [packetFlag(packetFlags[0]!)],
    decision: null,
    clips: [],
    links: [],
    replies: [],
    manifest: null,
    recipientChanged: false,
    ...over,
  };
}

function link(over: Partial<ShareLinkDto> & { id: string; recipientName: string }): ShareLinkDto {
  return {
    createdBy: ref(packetLead),
    createdAt: '2026-01-07T01:00:00Z',
    expiresAt: '2099-01-14T01:00:00Z',
    viewCap: null,
    views: 0,
    passphrase: false,
    allowDownload: false,
    revokedAt: null,
    revokedBy: null,
    live: true,
    ...over,
  };
}

const decision = {
  id: 'dec-1',
  outcome: 'refer_to_agency' as const,
  rationale: '連絡先の交換を求める行為が繰り返された',
  decidedAt: '2026-01-05T02:00:00Z',
};

function approved(p: PacketDetailDto, at = '2026-01-06T03:00:00Z'): PacketDetailDto {
  return { ...p, status: 'approved', approvedBy: ref(otherLead), approvedAt: at, manifest: manifestFor(p, otherLead, at) };
}

const readyClips = (id: string) => [clip(id, 1, 95_000, 110_000), clip(id, 2, 300_000, 312_000)];

export function buildPackets(): PacketDetailDto[] {
  const ready = packet({ id: 'pkt-ready', title: '連絡先の要求（CALL-0001）', clips: readyClips('pkt-ready'), decision });
  const minor = packet({
    id: 'pkt-minor',
    title: '未成年者の関与が疑われる通話',
    involvesMinor: true,
    clips: readyClips('pkt-minor'),
    createdAt: '2026-01-06T02:00:00Z',
  });
  const cutting = packet({
    id: 'pkt-cutting',
    title: '切り出し中のパケット',
    status: 'cutting',
    createdAt: '2026-01-06T04:00:00Z',
    clips: [
      clip('pkt-cutting', 1, 0, 10_000),
      clip('pkt-cutting', 2, 20_000, 30_000, { state: 'cutting', progress: 40, sha256: null, bytes: null, durationMs: null }),
      clip('pkt-cutting', 3, 40_000, 50_000, { state: 'pending', progress: 0, sha256: null, bytes: null, durationMs: null }),
    ],
  });
  const failed = packet({
    id: 'pkt-failed',
    title: '失敗したパケット',
    status: 'failed',
    failureReason: 'clip 2: ffmpeg exited with code 1 after 3 attempts',
    createdAt: '2026-01-06T05:00:00Z',
    clips: [
      clip('pkt-failed', 1, 0, 10_000),
      clip('pkt-failed', 2, 20_000, 30_000, {
        state: 'failed',
        progress: 0,
        failureReason: 'ffmpeg exited with code 1 after 3 attempts',
        sha256: null,
        bytes: null,
        durationMs: null,
      }),
    ],
  });
  const approvedPacket = approved(
    packet({ id: 'pkt-approved', title: '承認済みのパケット', clips: readyClips('pkt-approved'), createdAt: '2026-01-06T06:00:00Z' }),
  );
  const sharedBase = approved(
    packet({
      id: 'pkt-shared',
      title: '共有済みのパケット',
      agency: tsuki,
      creator: { ref: 'cr-ren', name: '蓮' },
      clips: readyClips('pkt-shared'),
      createdAt: '2026-01-06T07:00:00Z',
      decision,
    }),
  );
  const shared: PacketDetailDto = {
    ...sharedBase,
    status: 'shared',
    sharedAt: '2026-01-07T01:00:00Z',
    links: [
      link({ id: 'link-live', recipientName: '山田 太郎', passphrase: true, allowDownload: true, viewCap: 5, views: 2 }),
      link({
        id: 'link-revoked',
        recipientName: '鈴木 次郎',
        revokedAt: '2026-01-08T01:00:00Z',
        revokedBy: ref(packetLead),
        live: false,
      }),
      link({ id: 'link-expired', recipientName: '佐々木 三郎', expiresAt: '2026-01-08T01:00:00Z', live: false }),
      link({ id: 'link-capped', recipientName: '伊藤 四郎', viewCap: 1, views: 1, live: false }),
    ],
    replies: [
      {
        id: 'reply-1',
        linkId: 'link-live',
        recipientName: '山田 太郎',
        body: '受領しました。本人に確認します。',
        acknowledged: true,
        createdAt: '2026-01-07T05:00:00Z',
      },
    ],
  };
  const moved = packet({
    id: 'pkt-moved',
    title: '事務所移籍後のパケット',
    clips: readyClips('pkt-moved'),
    recipientChanged: true,
    createdAt: '2026-01-06T08:00:00Z',
  });
  const own = packet({
    id: 'pkt-own',
    title: 'リードが作成したパケット',
    author: ref(packetLead),
    clips: readyClips('pkt-own'),
    createdAt: '2026-01-06T09:00:00Z',
  });
  return [ready, minor, cutting, failed, approvedPacket, shared, moved, own].map(withCounts);
}

export function withCounts(p: PacketDetailDto): PacketDetailDto {
  return { ...p, clipCount: p.clips.length, liveLinks: p.links.filter((l) => l.live).length, replyCount: p.replies.length };
}

export function toSummary(p: PacketDetailDto): PacketSummaryDto {
  const {
    summary: _s,
    failureReason: _f,
    flags: _fl,
    decision: _d,
    clips: _c,
    links: _l,
    replies: _r,
    manifest: _m,
    recipientChanged: _rc,
    ...rest
  } = withCounts(p);
  return rest;
}

const staffActor = (user: StaffUserDto): CustodyEventDto['actor'] => ({ type: 'staff', id: user.id, displayName: user.displayName });

export function buildCustody(): Map<string, CustodyEventDto[]> {
  const events = new Map<string, CustodyEventDto[]>();
  let seq = 100;
  const add = (packetId: string, e: Omit<CustodyEventDto, 'seq'>) => {
    seq += 1;
    events.set(packetId, [...(events.get(packetId) ?? []), { seq, ...e }]);
  };
  for (const id of ['pkt-ready', 'pkt-minor', 'pkt-cutting', 'pkt-failed', 'pkt-approved', 'pkt-moved', 'pkt-own']) {
    add(id, { at: '2026-01-06T01:00:00Z', action: 'packet.created', actor: staffActor(moderator), details: { clips: 2 } });
  }
  add('pkt-shared', { at: '2026-01-06T07:00:00Z', action: 'packet.created', actor: staffActor(moderator), details: { clips: 2 } });
  add('pkt-shared', {
    at: '2026-01-06T07:01:00Z',
    action: 'packet.clip_ready',
    actor: { type: 'system', id: 'packet-worker', displayName: null },
    details: { clipId: 'pkt-shared-clip-1', bytes: 1_048_576 },
  });
  add('pkt-shared', { at: '2026-01-06T08:00:00Z', action: 'packet.approved', actor: staffActor(otherLead), details: {} });
  add('pkt-shared', {
    at: '2026-01-07T01:00:00Z',
    action: 'link.created',
    actor: staffActor(packetLead),
    details: { linkId: 'link-live', expiresInDays: 7 },
  });
  add('pkt-shared', {
    at: '2026-01-07T04:00:00Z',
    action: 'share.clip_read',
    actor: { type: 'agency', id: 'link-live', displayName: null },
    details: { packetId: 'pkt-shared', clipId: 'pkt-shared-clip-2', range: { start: 0, end: 65_535 } },
  });
  add('pkt-shared', {
    at: '2026-01-07T05:00:00Z',
    action: 'share.replied',
    actor: { type: 'agency', id: 'link-live', displayName: null },
    details: { linkId: 'link-live', acknowledged: true },
  });
  return events;
}

export function buildProvisionRecords(): ProvisionRecordDto[] {
  const base = {
    basis: PROVISION_BASIS,
    privacyPolicyVersion: PRIVACY_POLICY_VERSION,
    approvedBy: ref(otherLead),
  };
  return [
    {
      ...base,
      id: 'prov-1',
      providedAt: '2026-01-07T01:00:00Z',
      recipient: tsuki,
      subject: { type: 'user', ref: 'u-2002' },
      items: '通話 CALL-0002 の映像・音声 01:35–01:50（2 クリップ）、モデレーターのメモ',
      packetId: 'pkt-shared',
      linkId: 'link-live',
      retainUntil: '2029-01-07T01:00:00Z',
    },
    {
      ...base,
      id: 'prov-2',
      providedAt: '2026-01-07T01:00:00Z',
      recipient: tsuki,
      subject: { type: 'creator', ref: 'cr-ren' },
      items: '通話 CALL-0002 の映像・音声 01:35–01:50（2 クリップ）、モデレーターのメモ',
      packetId: 'pkt-shared',
      linkId: 'link-live',
      retainUntil: '2029-01-07T01:00:00Z',
    },
    {
      ...base,
      id: 'prov-3',
      providedAt: '2026-01-02T23:30:00Z',
      recipient: hoshi,
      subject: { type: 'user', ref: 'u-1001' },
      items: '通話 CALL-0001 の映像・音声 00:10–00:20（1 クリップ）',
      packetId: 'pkt-older',
      linkId: 'link-older',
      retainUntil: '2029-01-02T23:30:00Z',
    },
  ];
}

// ---- the agency's side ---------------------------------------------------------------------------

export interface MockShareLink {
  token: string;
  passphrase: string | null;
  state: 'live' | 'revoked' | 'expired';
  viewCap: number | null;
  views: number;
  data: SharedPacketDto;
}

export const SHARE_TOKEN = 'tok_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
export const PASSPHRASE_TOKEN = 'tok_pass_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
export const AUDIO_TOKEN = 'tok_audio_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC';
export const REVOKED_TOKEN = 'tok_revoked_DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD';
export const SHARE_PASSPHRASE = 'sakura-blossom-2026';

function sharedPacket(allowDownload: boolean, recipientName: string, audio = false): SharedPacketDto {
  const shared = buildPackets().find((p) => p.id === 'pkt-shared')!;
  return {
    packet: {
      title: shared.title,
      summary: shared.summary,
      agency: shared.agency,
      creator: { name: shared.creator.name },
      callRef: shared.callRef,
      callStartedAt: rec1.startedAt,
      flags: shared.flags,
      decision: shared.decision ? { outcome: shared.decision.outcome, decidedAt: shared.decision.decidedAt } : null,
      clips: shared.clips.map((c) => ({
        id: c.id,
        position: c.position,
        startMs: c.startMs,
        endMs: c.endMs,
        durationMs: c.durationMs ?? 0,
        bytes: c.bytes ?? 0,
        sha256: c.sha256 ?? '',
        contentType: audio ? 'audio/mp4' : (c.contentType ?? 'video/mp4'),
      })),
      approvedAt: shared.approvedAt!,
    },
    link: { recipientName, expiresAt: '2099-01-14T01:00:00Z', allowDownload, viewsLeft: 3, sessionExpiresAt: '' },
    replies: [],
  };
}

export function buildShareLinks(): MockShareLink[] {
  return [
    { token: SHARE_TOKEN, passphrase: null, state: 'live', viewCap: null, views: 0, data: sharedPacket(false, '山田 太郎') },
    { token: PASSPHRASE_TOKEN, passphrase: SHARE_PASSPHRASE, state: 'live', viewCap: 5, views: 2, data: sharedPacket(true, '中村 花') },
    { token: AUDIO_TOKEN, passphrase: null, state: 'live', viewCap: null, views: 0, data: sharedPacket(true, '小林 一', true) },
    { token: REVOKED_TOKEN, passphrase: null, state: 'revoked', viewCap: null, views: 0, data: sharedPacket(false, '鈴木 次郎') },
  ];
}
