import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  PRIVACY_POLICY_CLAUSE,
  PRIVACY_POLICY_VERSION,
  type CreateShareLinkResponse,
  type PacketManifest,
  type SignedManifest,
} from '@kura/contracts';
import type { DemoMediaSpec } from '../../apps/api/src/demo/media/generate.ts';
import { newObjectKeys, putEncrypted } from '../../apps/api/src/services/objects/encrypted-objects.ts';
import { signDocument } from '../../apps/api/src/services/signing/signed-document.ts';
import type { Harness } from './harness.ts';
import { callApi } from './http-calls.ts';
import { makeMedia } from './media.ts';
import { insertFlag } from './review.ts';
import { seedRecording, staffSession, type StaffSession } from './seed-recording.ts';

// An approved evidence packet, ready to share, made the way the packet service leaves one: a
// packet row approved by a lead who is not its author, clips that are real media encrypted into
// KRV1 objects of their own (key `clips/{clipId}`, objectId = clip id), and a manifest signed
// with the key ring's signing key. Packet creation and clip cutting are tested with their own
// code; this is test setup for sharing, built from the same storage and signing services.

export interface PacketClipSpec {
  media: DemoMediaSpec;
  startMs: number;
  endMs: number;
}

export interface ApprovedPacketOptions {
  author?: StaffSession;
  approver?: StaffSession;
  agency?: { ref: string; name: string };
  clips?: PacketClipSpec[];
  /** The packet's state; 'approved' (the default) is ready to share. */
  status?: 'ready' | 'approved';
}

export interface PacketClipFixture {
  id: string;
  position: number;
  bytes: Buffer;
  sha256: string;
  contentType: string;
  startMs: number;
  endMs: number;
}

export interface ApprovedPacket {
  packetId: string;
  recordingId: string;
  callRef: string;
  userRef: string;
  creatorRef: string;
  agency: { ref: string; name: string };
  author: StaffSession;
  approver: StaffSession;
  flagIds: string[];
  clips: PacketClipFixture[];
  manifest: SignedManifest | null;
}

export const DEFAULT_CLIPS: PacketClipSpec[] = [
  { media: { kind: 'mp4', seconds: 2, seed: 11 }, startMs: 10_000, endMs: 12_000 },
  { media: { kind: 'audio', seconds: 2, seed: 12 }, startMs: 63_400, endMs: 65_100 },
];

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function createApprovedPacket(h: Harness, opts: ApprovedPacketOptions = {}): Promise<ApprovedPacket> {
  const author = opts.author ?? (await staffSession(h, ['moderator']));
  const approver = opts.approver ?? (await staffSession(h, ['lead']));
  const agency = opts.agency ?? { ref: 'agency-a', name: 'Agency A' };
  const source = await seedRecording(h, { agency, callRef: `call-${randomBytes(5).toString('hex')}` });
  const call = await h.ctx.db
    .selectFrom('calls as c')
    .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
    .innerJoin('platform_users as u', 'u.id', 'c.user_id')
    .select([
      'c.id',
      'c.ref',
      'c.started_at',
      'c.ended_at',
      'c.creator_id',
      'c.user_id',
      'cr.ref as creator_ref',
      'cr.name as creator_name',
      'cr.agency_id',
      'u.ref as user_ref',
    ])
    .where('c.ref', '=', source.callRef)
    .executeTakeFirstOrThrow();
  const flagIds = [
    await insertFlag(h, {
      recordingId: source.recordingId,
      authorId: author.userId,
      category: 'harassment',
      startMs: 10_000,
      endMs: 12_000,
    }),
    await insertFlag(h, { recordingId: source.recordingId, authorId: author.userId, category: 'other', startMs: 63_000, endMs: 66_000 }),
  ];
  const flags = await h.ctx.db
    .selectFrom('flags')
    .select(['id', 'category', 'severity', 'start_ms', 'end_ms', 'note'])
    .where('id', 'in', flagIds)
    .orderBy('start_ms')
    .execute();

  const packetId = randomUUID();
  const now = h.ctx.now();
  const approved = (opts.status ?? 'approved') === 'approved';
  await h.ctx.db
    .insertInto('packets')
    .values({
      id: packetId,
      recording_id: source.recordingId,
      call_id: call.id,
      agency_id: call.agency_id,
      creator_id: call.creator_id,
      user_id: call.user_id,
      title: '通話中の迷惑行為',
      summary: '利用者が 0:10 付近で配信者に暴言。1:03 付近で連絡先の交換を求めた。',
      flag_ids: flagIds,
      status: approved ? 'approved' : 'ready',
      author_id: author.userId,
      created_at: now,
      ...(approved ? { approved_by: approver.userId, approved_at: now } : {}),
      privacy_policy_version: PRIVACY_POLICY_VERSION,
    })
    .execute();

  const clips: PacketClipFixture[] = [];
  for (const [position, spec] of (opts.clips ?? DEFAULT_CLIPS).entries()) {
    const { bytes, contentType } = await makeMedia(spec.media);
    const id = randomUUID();
    // Small segments, so that ranges of a short clip cross segment boundaries.
    const keys = newObjectKeys(h.ctx, id, 12);
    const objectKey = `clips/${id}`;
    const stored = await putEncrypted(h.ctx, objectKey, id, keys, Readable.from([bytes]));
    await h.ctx.db
      .insertInto('packet_clips')
      .values({
        id,
        packet_id: packetId,
        position,
        start_ms: spec.startMs,
        end_ms: spec.endMs,
        state: 'ready',
        progress: 100,
        mode: 'copy',
        object_key: objectKey,
        content_type: contentType,
        wrapped_dek: keys.wrappedDek,
        kek_id: keys.kekId,
        segment_log2: keys.segmentLog2,
        krv1_header: keys.header,
        plaintext_bytes: stored.plaintextBytes,
        stored_bytes: stored.storedBytes,
        sha256: stored.sha256,
        duration_ms: spec.endMs - spec.startMs,
        created_at: now,
        updated_at: now,
      })
      .execute();
    clips.push({ id, position, bytes, sha256: stored.sha256, contentType, startMs: spec.startMs, endMs: spec.endMs });
  }

  let manifest: SignedManifest | null = null;
  if (approved) {
    const payload: PacketManifest = {
      type: 'kura.packet-manifest',
      version: 1,
      packetId,
      title: '通話中の迷惑行為',
      agency,
      creator: { ref: call.creator_ref, name: call.creator_name },
      callRef: call.ref,
      callStartedAt: call.started_at.toISOString(),
      callEndedAt: call.ended_at.toISOString(),
      author: { id: author.userId, displayName: author.email },
      approver: { id: approver.userId, displayName: approver.email },
      createdAt: now.toISOString(),
      approvedAt: now.toISOString(),
      privacyPolicy: { version: PRIVACY_POLICY_VERSION, clause: PRIVACY_POLICY_CLAUSE },
      flags: flags.map((f) => ({
        id: f.id,
        category: f.category,
        severity: f.severity,
        startMs: f.start_ms,
        endMs: f.end_ms,
        note: f.note,
      })),
      decision: null,
      clips: clips.map((c) => ({
        clipId: c.id,
        position: c.position,
        sha256: c.sha256,
        bytes: c.bytes.length,
        durationMs: c.endMs - c.startMs,
        contentType: c.contentType,
        startMs: c.startMs,
        endMs: c.endMs,
        sourceRecordingId: source.recordingId,
        sourceSha256: sha256(source.bytes),
      })),
    };
    manifest = (await signDocument(h.ctx, payload as unknown as PacketManifest & { [k: string]: unknown })) as unknown as SignedManifest;
    await h.ctx.db
      .updateTable('packets')
      .set({ manifest: JSON.stringify(manifest) })
      .where('id', '=', packetId)
      .execute();
  }

  return {
    packetId,
    recordingId: source.recordingId,
    callRef: call.ref,
    userRef: call.user_ref,
    creatorRef: call.creator_ref,
    agency,
    author,
    approver,
    flagIds,
    clips,
    manifest,
  };
}

export const LINK_BODY = { expiresInDays: 7, recipientName: '山田 花子（Agency A 法務）', allowDownload: true } as const;

/** POST /api/packets/:id/links as a lead; throws unless 201. */
export async function createLink(
  h: Harness,
  lead: StaffSession,
  packetId: string,
  body: object = LINK_BODY,
): Promise<CreateShareLinkResponse> {
  const res = await callApi(h, lead.session, 'POST', `/api/packets/${packetId}/links`, body);
  if (res.status !== 201) throw new Error(`create link: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateShareLinkResponse;
}

/** An agency's browser: no staff cookie, its own kura_share cookie once it has one. */
export class AgencyClient {
  cookie: string | null = null;

  constructor(
    private readonly h: Harness,
    readonly token: string,
  ) {}

  url(path = ''): string {
    return `${this.h.baseUrl}/v1/share/${this.token}${path}`;
  }

  async request(method: string, path = '', init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(this.url(path), { method, headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  }

  /** POST /session; keeps the cookie it sets. */
  async startSession(passphrase?: string): Promise<Response> {
    const res = await this.request('POST', '/session', { body: passphrase === undefined ? {} : { passphrase } });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0]!.trim();
      if (pair.startsWith('kura_share=')) this.cookie = pair;
    }
    return res;
  }

  get(path = '', headers: Record<string, string> = {}): Promise<Response> {
    return this.request('GET', path, { headers });
  }
}
