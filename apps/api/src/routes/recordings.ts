import { Hono } from 'hono';
import { z } from 'zod';
import {
  CreateGrantBody,
  ListRecordingsQuery,
  OpenReviewBody,
  CreateGrantResponse,
  ListRecordingsResponse,
  RecordingDetailDto,
  ReviewItemDetailDto,
  AccessLogResponse,
} from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { mediaResponse } from '../http/media-response.ts';
import { streamBody } from '../http/node-body.ts';
import { mediaSession, requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf, queryOf } from '../http/validate.ts';
import { accessLog } from '../services/access/access-log.ts';
import { createGrant } from '../services/access/grants.ts';
import { CAN_SEE_RECORDINGS, CAN_WORK_REVIEWS } from '../services/access/policy.ts';
import { listRecordingsForStaff } from '../services/recordings/list-recordings.ts';
import { recordingDetail } from '../services/recordings/recording-detail.ts';
import { readRecordingMedia, readThumbnails } from '../services/recordings/read-media.ts';
import { openReview } from '../services/review/open-review.ts';
import { apiDoc, answers } from '../http/openapi.ts';

const RecordingId = z.uuid();

/**
 * The recording's bytes, mounted before recordingRoutes(): its session check also finds the
 * recording and the grant (mediaSession), so recordingRoutes()' own session middleware never runs
 * for it.
 */
export function recordingMediaRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.get(
    '/:id/media',
    apiDoc({
      summary: "The recording's bytes (ranged; needs a live grant)",
      params: { id: RecordingId },
      responses: { 200: answers.media(200), 206: answers.media(206) },
    }),
    mediaSession(...CAN_SEE_RECORDINGS),
    async (c) => {
      paramOf(c, 'id', RecordingId);
      // Hono answers HEAD with the GET handler; say so, so nothing is read or audited as served.
      const head = c.req.method === 'HEAD';
      const media = await readRecordingMedia(c.var.ctx, c.var.mediaAccess, c.req.header('range'), c.var.requestId, c.req.raw.signal, head);
      return mediaResponse(c, media);
    },
  );
  return r;
}

export function recordingRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_SEE_RECORDINGS));

  r.get('/', apiDoc({ summary: 'Recordings', query: ListRecordingsQuery, responses: { 200: ListRecordingsResponse } }), async (c) => {
    const q = queryOf(c, ListRecordingsQuery);
    return c.json(await listRecordingsForStaff(c.var.ctx, c.var.staff, q, c.var.requestId));
  });

  r.get('/:id', apiDoc({ summary: 'One recording', params: { id: RecordingId }, responses: { 200: RecordingDetailDto } }), async (c) => {
    const id = paramOf(c, 'id', RecordingId);
    return c.json(await recordingDetail(c.var.ctx, c.var.staff, id, c.var.requestId));
  });

  r.post(
    '/:id/access',
    apiDoc({
      summary: 'Declare a purpose: a grant to watch',
      params: { id: RecordingId },
      body: CreateGrantBody,
      responses: { 201: CreateGrantResponse },
    }),
    async (c) => {
      const id = paramOf(c, 'id', RecordingId);
      const body = await jsonBody(c, CreateGrantBody);
      const grant = await createGrant(c.var.ctx, c.var.staff, id, body, c.var.requestId);
      return c.json({ grant }, 201);
    },
  );

  r.post(
    '/:id/review-items',
    apiDoc({
      summary: 'Open a review of the recording (or answer the open one)',
      params: { id: RecordingId },
      body: OpenReviewBody,
      responses: { 200: ReviewItemDetailDto, 201: ReviewItemDetailDto },
    }),
    requireRole(...CAN_WORK_REVIEWS),
    async (c) => {
      const id = paramOf(c, 'id', RecordingId);
      const body = await jsonBody(c, OpenReviewBody);
      const { created, item } = await openReview(c.var.ctx, c.var.staff, id, body, c.var.requestId);
      return c.json(item, created ? 201 : 200);
    },
  );

  r.get(
    '/:id/access-log',
    apiDoc({
      summary: "The recording's access history",
      params: { id: RecordingId },
      responses: { 200: AccessLogResponse },
    }),
    async (c) => {
      const id = paramOf(c, 'id', RecordingId);
      return c.json(await accessLog(c.var.ctx, id));
    },
  );

  r.get(
    '/:id/thumbnails',
    apiDoc({
      summary: 'The thumbnail sprite (needs a live grant)',
      params: { id: RecordingId },
      responses: { 200: { description: 'A JPEG sprite.', content: { 'image/jpeg': { type: 'string', contentMediaType: 'image/jpeg' } } } },
    }),
    async (c) => {
      const id = paramOf(c, 'id', RecordingId);
      const t = await readThumbnails(c.var.ctx, c.var.staff, id, c.var.requestId, c.req.raw.signal, c.req.method === 'HEAD');
      c.header('Content-Type', t.contentType);
      c.header('Content-Length', String(t.size));
      c.header('Cache-Control', 'private, no-store');
      return t.body ? streamBody(c, t.body) : c.body(null);
    },
  );

  return r;
}
