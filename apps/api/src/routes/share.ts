import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import {
  SHARE_SESSION_MINUTES,
  ShareReplyBody,
  ShareSessionBody,
  SharedPacketDto,
  SignedManifest,
  ShareReplyResponse,
  ShareSessionResponse,
} from '@kura/contracts';
import { clientIp } from '../http/client-ip.ts';
import type { HonoEnv } from '../http/env.ts';
import { jsonBodyLimit } from '../http/json-limit.ts';
import { mediaResponse } from '../http/media-response.ts';
import { jsonBody } from '../http/validate.ts';
import { admitShareRequest, requireShareSession, SHARE_COOKIE, shareNotFound } from '../services/sharing/agency-gate.ts';
import { replyToPacket } from '../services/sharing/reply.ts';
import { readSharedClip } from '../services/sharing/shared-clip.ts';
import { readSharedManifest, viewSharedPacket } from '../services/sharing/shared-packet.ts';
import { startShareSession } from '../services/sharing/share-session.ts';
import { apiDoc, answers } from '../http/openapi.ts';

// /v1/share/{token}: the agency's side, with no account and no staff cookie. Every request is
// counted against its source's limits, then its link and session are checked afresh.

const ClipId = z.uuid();
/** Not parsed: the gate looks up its hash, and every wrong token gets the same 404. */
const ShareToken = z.string();

const token = (c: Context<HonoEnv>) => c.req.param('token') ?? '';
const credential = (c: Context<HonoEnv>) => getCookie(c, SHARE_COOKIE);
const access = (c: Context<HonoEnv>) => requireShareSession(c.var.ctx, token(c), credential(c));

/** The body is optional: a link without a passphrase needs none. */
async function sessionBody(c: Context<HonoEnv>): Promise<ShareSessionBody> {
  const raw = c.req.raw;
  if (!raw.body || c.req.header('content-length') === '0') return {};
  return jsonBody(c, ShareSessionBody);
}

export function shareRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', jsonBodyLimit);
  const admit = async (c: Context<HonoEnv>, next: () => Promise<void>) => {
    await admitShareRequest(c.var.ctx, token(c), clientIp(c));
    await next();
  };
  // Matches /:token itself too: every request is counted exactly once.
  r.use('/:token/*', admit);

  r.post(
    '/:token/session',
    apiDoc({
      summary: 'Start a playback session (sets the kura_share cookie)',
      auth: 'none',
      params: { token: ShareToken },
      body: ShareSessionBody,
      bodyOptional: true,
      responses: { 200: ShareSessionResponse },
    }),
    async (c) => {
      const body = await sessionBody(c);
      const started = await startShareSession(c.var.ctx, {
        token: token(c),
        ip: clientIp(c),
        credential: credential(c),
        body,
        requestId: c.var.requestId,
      });
      // Scoped to this link's API: the page of another link never sends it.
      setCookie(c, SHARE_COOKIE, started.credential, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: c.var.ctx.config.secureCookies,
        path: `/v1/share/${token(c)}`,
        maxAge: SHARE_SESSION_MINUTES * 60,
      });
      const res: ShareSessionResponse = { expiresAt: started.expiresAt.toISOString() };
      return c.json(res);
    },
  );

  r.get(
    '/:token',
    apiDoc({ summary: 'The shared packet', params: { token: ShareToken }, responses: { 200: SharedPacketDto } }),
    async (c) => c.json(await viewSharedPacket(c.var.ctx, await access(c), c.var.requestId)),
  );

  r.get(
    '/:token/clips/:clipId',
    apiDoc({
      summary: "A clip's bytes (ranged; ?download=1 where the link allows downloads)",
      params: { token: ShareToken, clipId: ClipId },
      responses: { 200: answers.media(200), 206: answers.media(206) },
    }),
    async (c) => {
      const a = await access(c);
      const parsed = ClipId.safeParse(c.req.param('clipId'));
      if (!parsed.success) throw shareNotFound();
      const download = c.req.query('download') === '1';
      const { media, filename } = await readSharedClip(c.var.ctx, a, parsed.data, {
        rangeHeader: c.req.header('range'),
        download,
        // Hono answers HEAD with the GET handler: headers only, nothing read or audited.
        headOnly: c.req.method === 'HEAD',
        requestId: c.var.requestId,
        signal: c.req.raw.signal,
      });
      if (filename) c.header('Content-Disposition', `attachment; filename="${filename}"`);
      return mediaResponse(c, media);
    },
  );

  r.get(
    '/:token/manifest',
    apiDoc({
      summary: 'The signed manifest (verify with /.well-known/kura-signing-keys.json)',
      params: { token: ShareToken },
      responses: { 200: SignedManifest },
    }),
    async (c) => {
      const { packetId, manifest } = await readSharedManifest(c.var.ctx, await access(c), c.var.requestId);
      c.header('Content-Disposition', `attachment; filename="kura-manifest-${packetId}.json"`);
      return c.json(manifest);
    },
  );

  r.post(
    '/:token/replies',
    apiDoc({
      summary: "The agency's reply or acknowledgement",
      params: { token: ShareToken },
      body: ShareReplyBody,
      responses: { 201: ShareReplyResponse },
    }),
    async (c) => {
      // The link first: a body error must not be how an outsider learns anything.
      const a = await access(c);
      const body = await jsonBody(c, ShareReplyBody);
      return c.json(await replyToPacket(c.var.ctx, a, body, c.var.requestId), 201);
    },
  );

  return r;
}
