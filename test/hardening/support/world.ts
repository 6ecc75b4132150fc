import type { Harness } from '../../support/harness.ts';
import { bearer } from '../../support/harness.ts';
import {
  grantAccess,
  seedProcessedRecording,
  staffSession,
  type SeededRecording,
  type StaffSession,
} from '../../support/seed-recording.ts';
import { AgencyClient, createApprovedPacket, createLink, type ApprovedPacket } from '../../support/shared-packet.ts';
import type { Gate, Ids } from './matrix-table.ts';
import { insertFlag, seedItem } from '../../support/review.ts';
import { createStaff } from '../../support/staff.ts';
import { callApi } from '../../support/http-calls.ts';

// One small world to attack: a processed recording, a shared packet with a live agency session,
// and one staff member who holds every role and live grants, so that every gate lets them in and
// what is tested is the input, not the authorization.

export interface World {
  rec: SeededRecording;
  packet: ApprovedPacket;
  everything: StaffSession;
  lead: StaffSession;
  agency: AgencyClient;
  ids: Ids;
}

export async function buildWorld(h: Harness): Promise<World> {
  const rec = await seedProcessedRecording(h);
  const packet = await createApprovedPacket(h);
  const everything = await staffSession(h, ['moderator', 'lead', 'admin', 'auditor']);
  const lead = await staffSession(h, ['lead']);
  for (const id of [rec.recordingId, packet.recordingId]) await grantAccess(h, everything.session, id);
  const link = await createLink(h, lead, packet.packetId);
  const agency = new AgencyClient(h, link.token);
  const started = await agency.startSession();
  if (started.status !== 200) throw new Error(`share session: ${started.status}`);
  const opened = await callApi(h, lead.session, 'POST', `/api/recordings/${rec.recordingId}/review-items`, {});
  const hold = await callApi(h, lead.session, 'POST', `/api/recordings/${rec.recordingId}/holds`, { reason: '照会' });
  const readyPacket = await createApprovedPacket(h, { status: 'ready' });
  const victim = await staffSession(h, ['moderator']);
  const victimSession = await h.ctx.db
    .selectFrom('staff_sessions')
    .select('id')
    .where('user_id', '=', victim.userId)
    .executeTakeFirstOrThrow();
  const loginUser = await createStaff(h, ['moderator']);
  const ids: Ids = {
    recordingId: rec.recordingId,
    callRef: rec.callRef,
    userRef: `user-${rec.callRef}`,
    flagId: await insertFlag(h, { recordingId: rec.recordingId, authorId: everything.userId, startMs: 0, endMs: 1000 }),
    retractFlagId: await insertFlag(h, { recordingId: rec.recordingId, authorId: everything.userId, startMs: 0, endMs: 1000 }),
    holdId: ((await hold.json()) as { id: string }).id,
    itemId: ((await opened.json()) as { id: string }).id,
    decideItemId: (await seedItem(h, { reports: ['harassment'] })).itemId!,
    packetId: packet.packetId,
    readyPacketId: readyPacket.packetId,
    clipId: packet.clips[0]!.id,
    linkId: (await createLink(h, lead, packet.packetId)).linkId,
    staffId: (await createStaff(h, ['moderator'])).userId,
    assigneeId: everything.userId,
    victimSessionId: victimSession.id,
    loginEmail: loginUser.email,
    loginPassword: loginUser.password,
    recordingBytes: rec.bytes,
  };
  return { rec, packet, everything, lead, agency, ids };
}

/** Headers that get a request past this gate in this world. */
export function passHeaders(w: World, gate: Gate): Record<string, string> {
  switch (gate.kind) {
    case 'public':
      return {};
    case 'ingest':
      return bearer();
    case 'staff':
      return w.everything.session.headers();
    case 'share':
      return w.agency.cookie ? { cookie: w.agency.cookie } : {};
    case 'metrics':
      // No metrics token in this world: nothing gets past; the route answers its JSON 404.
      return {};
  }
}
