import type { Context } from 'hono';
import { Readable } from 'node:stream';

/** What a media route answers with (services' ranged reads). */
export interface MediaAnswer {
  status: 200 | 206;
  contentType: string;
  size: number;
  range: { start: number; end: number } | null;
  /** Null for HEAD. */
  body: Readable | null;
}

/** A (possibly ranged) media answer with the headers a browser's player needs; never cached. */
export function mediaResponse(c: Context, media: MediaAnswer): Response {
  c.status(media.status);
  c.header('Content-Type', media.contentType);
  c.header('Accept-Ranges', 'bytes');
  c.header('Cache-Control', 'private, no-store');
  c.header('Content-Length', String(media.range ? media.range.end - media.range.start + 1 : media.size));
  if (media.range) c.header('Content-Range', `bytes ${media.range.start}-${media.range.end}/${media.size}`);
  return media.body ? c.body(webStream(media.body)) : c.body(null);
}

/**
 * A failure mid-stream (say, a segment that fails authentication) errors the web stream, and the
 * server then cuts the connection: the client sees a failed transfer, never short data as whole.
 */
export function webStream(body: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>;
}
