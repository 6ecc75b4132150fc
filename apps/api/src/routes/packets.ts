import { Hono } from 'hono';
import { z } from 'zod';
import {
  ApprovePacketBody,
  CreatePacketBody,
  ListPacketsQuery,
  ReasonBody,
  CustodyResponse,
  ListPacketsResponse,
  PacketDetailDto,
} from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { mediaResponse } from '../http/media-response.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf, queryOf } from '../http/validate.ts';
import { CAN_APPROVE_PACKETS, CAN_BUILD_PACKETS, CAN_SEE_PACKET_CUSTODY } from '../services/access/policy.ts';
import { approvePacket, withdrawApproval } from '../services/packets/approve-packet.ts';
import { createPacket } from '../services/packets/create-packet.ts';
import { packetCustody } from '../services/packets/custody.ts';
import { listPackets } from '../services/packets/list-packets.ts';
import { readPacketClip } from '../services/packets/read-clip.ts';
import { viewPacket } from '../services/packets/view-packet.ts';
import { apiDoc, answers } from '../http/openapi.ts';

const Id = z.uuid();

/** /api/packets: evidence packets for the creator's agency (links are routes/links.ts). */
export function packetRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  // Roles per route: the custody trail is also the auditor's.
  r.use('*', staffSession());

  r.post(
    '/',
    apiDoc({ summary: 'Draft an evidence packet', body: CreatePacketBody, responses: { 201: PacketDetailDto } }),
    requireRole(...CAN_BUILD_PACKETS),
    async (c) => {
      const body = await jsonBody(c, CreatePacketBody);
      return c.json(await createPacket(c.var.ctx, c.var.staff, body, c.var.requestId), 201);
    },
  );

  r.get(
    '/',
    apiDoc({ summary: 'Evidence packets', query: ListPacketsQuery, responses: { 200: ListPacketsResponse } }),
    requireRole(...CAN_BUILD_PACKETS),
    async (c) => {
      const q = queryOf(c, ListPacketsQuery);
      return c.json(await listPackets(c.var.ctx, c.var.staff, q, c.var.requestId));
    },
  );

  r.get(
    '/:id',
    apiDoc({ summary: 'One packet', params: { id: Id }, responses: { 200: PacketDetailDto } }),
    requireRole(...CAN_BUILD_PACKETS),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      return c.json(await viewPacket(c.var.ctx, c.var.staff, id, c.var.requestId));
    },
  );

  r.get(
    '/:id/custody',
    apiDoc({ summary: "A packet's chain of custody", params: { id: Id }, responses: { 200: CustodyResponse } }),
    requireRole(...CAN_SEE_PACKET_CUSTODY),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      return c.json(await packetCustody(c.var.ctx, c.var.staff, id, c.var.requestId));
    },
  );

  r.get(
    '/:id/clips/:clipId/media',
    apiDoc({
      summary: "A clip's bytes (needs a live grant on the source recording)",
      params: { id: Id, clipId: Id },
      responses: { 200: answers.media(200), 206: answers.media(206) },
    }),
    requireRole(...CAN_BUILD_PACKETS),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      const clipId = paramOf(c, 'clipId', Id);
      // Hono answers HEAD with the GET handler; say so, so nothing is read or audited as served.
      const head = c.req.method === 'HEAD';
      const media = await readPacketClip(
        c.var.ctx,
        c.var.staff,
        id,
        clipId,
        c.req.header('range'),
        c.var.requestId,
        c.req.raw.signal,
        head,
      );
      return mediaResponse(c, media);
    },
  );

  r.post(
    '/:id/approve',
    apiDoc({
      summary: 'Approve a packet for sharing (a lead, never its author)',
      params: { id: Id },
      body: ApprovePacketBody,
      responses: { 200: PacketDetailDto },
    }),
    requireRole(...CAN_APPROVE_PACKETS),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      const body = await jsonBody(c, ApprovePacketBody);
      return c.json(await approvePacket(c.var.ctx, c.var.staff, id, body, c.var.requestId));
    },
  );

  r.post(
    '/:id/approval/withdraw',
    apiDoc({
      summary: 'Withdraw an approval (only before any link was made)',
      params: { id: Id },
      body: ReasonBody,
      responses: { 200: PacketDetailDto },
    }),
    requireRole(...CAN_APPROVE_PACKETS),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      const body = await jsonBody(c, ReasonBody);
      return c.json(await withdrawApproval(c.var.ctx, c.var.staff, id, body, c.var.requestId));
    },
  );

  return r;
}
