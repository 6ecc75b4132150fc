import { randomBytes } from 'node:crypto';
import type { PacketDetailDto } from '@kura/contracts';
import type { DemoMediaSpec } from '../../apps/api/src/demo/media/generate.ts';
import type { Harness } from './harness.ts';
import { callApi, jsonOf } from './http-calls.ts';
import { callBody, drainJobs, makeMedia, putCall, uploadRecording } from './media.ts';
import type { SignedIn } from './staff.ts';

// Helpers for the evidence packet tests: real media ingested and processed through the real
// API and worker, packets made and approved over HTTP as the console does.

export interface PacketSource {
  recordingId: string;
  callRef: string;
  creatorRef: string;
  agencyRef: string;
  userRef: string;
  bytes: Buffer;
}

const unique = (p: string) => `${p}-${randomBytes(5).toString('hex')}`;

/** A call with demo media as its recording, processed (so it has a duration) unless `process` is false. */
export async function seedPacketSource(
  h: Harness,
  media: Omit<DemoMediaSpec, 'seed'> & { seed?: number } = { kind: 'mp4', seconds: 4 },
  opts: { agency?: { ref: string; name: string }; creatorRef?: string; userRef?: string; process?: boolean } = {},
): Promise<PacketSource> {
  const { bytes, contentType } = await makeMedia({ seed: 1, ...media });
  const callRef = unique('call');
  const creatorRef = opts.creatorRef ?? unique('creator');
  const userRef = opts.userRef ?? unique('user');
  const agency = opts.agency ?? { ref: 'agency-p', name: 'さくら芸能事務所' };
  const put = await putCall(h, callRef, callBody({ creatorRef, userRef, agencyRef: agency.ref, agencyName: agency.name }));
  if (put.status !== 201 && put.status !== 200) throw new Error(`PUT call: ${put.status} ${await put.text()}`);
  const res = await uploadRecording(h, callRef, bytes, contentType);
  if (res.status !== 201) throw new Error(`PUT recording: ${res.status} ${await res.text()}`);
  const { recordingId } = (await res.json()) as { recordingId: string };
  if (opts.process !== false) await drainJobs(h);
  return { recordingId, callRef, creatorRef, agencyRef: agency.ref, userRef, bytes };
}

export function packetBody(recordingId: string, clips: { startMs: number; endMs: number }[] = [{ startMs: 0, endMs: 1000 }], extra = {}) {
  return { recordingId, title: '通話中の嫌がらせ', summary: 'The user insulted the creator twice.', clips, ...extra };
}

export async function createPacket(h: Harness, s: SignedIn, body: unknown): Promise<PacketDetailDto> {
  return jsonOf<PacketDetailDto>(await callApi(h, s, 'POST', '/api/packets', body), 201);
}

export async function getPacket(h: Harness, s: SignedIn, id: string): Promise<PacketDetailDto> {
  return jsonOf<PacketDetailDto>(await callApi(h, s, 'GET', `/api/packets/${id}`), 200);
}

/** A packet whose clips are cut (its status 'ready'). */
export async function readyPacket(h: Harness, author: SignedIn, body: unknown): Promise<PacketDetailDto> {
  const p = await createPacket(h, author, body);
  await drainJobs(h);
  const ready = await getPacket(h, author, p.id);
  if (ready.status !== 'ready') throw new Error(`packet ${p.id} is ${ready.status}: ${ready.failureReason}`);
  return ready;
}

export function approve(h: Harness, lead: SignedIn, id: string, body: unknown = {}): Promise<Response> {
  return callApi(h, lead, 'POST', `/api/packets/${id}/approve`, body);
}

/**
 * What link creation (the sharing code's) leaves behind, written directly: a link row, and the
 * packet marked shared. Enough for the rules here that ask whether a packet was ever shared.
 */
export async function shareByFixture(h: Harness, packetId: string, createdBy: string): Promise<string> {
  const now = h.ctx.now();
  const link = await h.ctx.db
    .insertInto('share_links')
    .values({
      packet_id: packetId,
      token_hash: randomBytes(32).toString('hex'),
      recipient_name: '山田 (事務所法務)',
      expires_at: new Date(now.getTime() + 7 * 86_400_000),
      allow_download: true,
      created_by: createdBy,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await h.ctx.db.updateTable('packets').set({ status: 'shared', shared_at: now }).where('id', '=', packetId).execute();
  return link.id;
}
