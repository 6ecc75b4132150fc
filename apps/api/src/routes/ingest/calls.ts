import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Hono, type Context } from 'hono';
import { CallRef, PutCallBody, PutCallResponse, PutRecordingResponse } from '@kura/contracts';
import type { HonoEnv } from '../../http/env.ts';
import { jsonBodyLimit } from '../../http/json-limit.ts';
import { AppError, badRequest } from '../../lib/errors.ts';
import { jsonBody } from '../../http/validate.ts';
import { parseWith } from '../../lib/validation.ts';
import { ingestRecording, normaliseMediaType } from '../../services/ingest/ingest-recording.ts';
import { upsertCallFromPlatform } from '../../services/ingest/upsert-call.ts';
import { serviceActor } from './audit-context.ts';
import { apiDoc } from '../../http/openapi.ts';

/**
 * The request body as a Node stream. Under the Node server that is the socket's own stream:
 * going through the web stream the fetch API wraps it in and back costs a copy and a promise per
 * chunk, on gigabytes. Elsewhere (app.request() in tests) the web body, converted.
 */
function requestBody(c: Context<HonoEnv>): Readable | null {
  const incoming = c.env?.incoming;
  if (incoming) return incoming;
  const raw = c.req.raw.body;
  return raw ? Readable.fromWeb(raw as WebReadableStream<Uint8Array>) : null;
}

export function callRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();

  r.put(
    '/:callRef',
    apiDoc({
      summary: 'Create or update a call',
      params: { callRef: CallRef },
      body: PutCallBody,
      responses: { 200: PutCallResponse, 201: PutCallResponse },
    }),
    jsonBodyLimit,
    async (c) => {
      const callRef = parseWith(CallRef, c.req.param('callRef'), 'call reference');
      const body = await jsonBody(c, PutCallBody);
      const result = await upsertCallFromPlatform(c.var.ctx, serviceActor(c), callRef, body);
      return c.json(result, result.created ? 201 : 200);
    },
  );

  r.put(
    '/:callRef/recording',
    apiDoc({
      summary: "Upload the call's recording (streamed, encrypted as it arrives)",
      description: 'A repeat upload of the same bytes answers 200; other bytes 409.',
      params: { callRef: CallRef },
      rawBody: {
        description: 'The recording file, as is, with its media type (any video/* or audio/*).',
        contentTypes: ['video/*', 'audio/*'],
      },
      responses: { 200: PutRecordingResponse, 201: PutRecordingResponse },
    }),
    async (c) => {
      const ctx = c.var.ctx;
      const callRef = parseWith(CallRef, c.req.param('callRef'), 'call reference');
      const contentType = normaliseMediaType(c.req.header('content-type'));
      const declared = c.req.header('content-length');
      if (declared !== undefined) {
        const n = Number(declared);
        if (!Number.isSafeInteger(n) || n < 0) throw badRequest('bad_content_length', 'Content-Length is not a byte count');
        if (n === 0) throw badRequest('empty_body', 'the recording body is empty');
        if (n > ctx.config.maxUploadBytes) {
          throw new AppError(413, 'payload_too_large', `recording exceeds the ${ctx.config.maxUploadBytes}-byte limit`);
        }
      }
      const body = requestBody(c);
      if (!body) throw badRequest('empty_body', 'the recording body is empty');
      let result;
      try {
        result = await ingestRecording(ctx, serviceActor(c), { callRef, contentType, body, signal: c.req.raw.signal });
      } catch (err) {
        // Answered before the end of the body (413 mid-stream, 404…): the rest is never read, so the
        // connection cannot carry another request; say so, or a keep-alive client reuses a dying socket.
        if (!body.readableEnded) c.header('Connection', 'close');
        throw err;
      }
      const { created, ...response } = result;
      return c.json(response, created ? 201 : 200);
    },
  );

  return r;
}
