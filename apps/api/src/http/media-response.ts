import type { Context } from 'hono';
import type { Readable } from 'node:stream';
import type { HonoEnv } from './env.ts';
import { streamBody } from './node-body.ts';

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
export function mediaResponse(c: Context<HonoEnv>, media: MediaAnswer): Response {
  c.status(media.status);
  c.header('Content-Type', media.contentType);
  c.header('Accept-Ranges', 'bytes');
  c.header('Cache-Control', 'private, no-store');
  c.header('Content-Length', String(media.range ? media.range.end - media.range.start + 1 : media.size));
  if (media.range) c.header('Content-Range', `bytes ${media.range.start}-${media.range.end}/${media.size}`);
  return media.body ? streamBody(c, media.body) : c.body(null);
}
