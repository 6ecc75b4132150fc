import { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { MediaResponse } from '../services/objects/ranged-read.ts';
import type { HonoEnv } from './env.ts';

/**
 * A failure mid-stream (say, a segment that fails authentication) errors the web stream, and the
 * server then cuts the connection: the client sees a failed transfer, never short data as whole.
 */
export function webStream(body: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>;
}

/** A ranged read as the HTTP answer: status, length, range and type, never cached. */
export function sendMedia(c: Context<HonoEnv>, media: MediaResponse): Response {
  c.status(media.status);
  c.header('Content-Type', media.contentType);
  c.header('Accept-Ranges', 'bytes');
  c.header('Cache-Control', 'private, no-store');
  c.header('Content-Length', String(media.range ? media.range.end - media.range.start + 1 : media.size));
  if (media.range) c.header('Content-Range', `bytes ${media.range.start}-${media.range.end}/${media.size}`);
  return media.body ? c.body(webStream(media.body)) : c.body(null);
}
