import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import type { HonoEnv } from '../http/env.ts';
import { errorBody } from '../http/middleware.ts';
import { hiddenRoute } from '../http/openapi.ts';

/** Precompressed copies the console build writes next to each asset, best first. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof PRECOMPRESSED)[number]['encoding'];

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml|manifest\+json)|image\/svg\+xml)/;
/** Only plain names below the console root: no dot-files, no `..`, no backslashes. */
const SAFE_PATH = /^\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The encodings a client takes, from its Accept-Encoding (RFC 9110 §12.5.3): `q=0` refuses one,
 * `*` stands for any not named. Among those we have, the one with the highest q wins; a tie
 * goes to the smaller (br before gzip).
 */
export function pickEncoding(header: string | undefined, available: readonly Encoding[]): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const encoding of available) {
    const weight = q.get(encoding) ?? q.get('*') ?? 0;
    if (weight > bestQ) {
      best = encoding;
      bestQ = weight;
    }
  }
  return best;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * The built console on the API's own port: hashed assets (cached for a year, sent brotli- or
 * gzip-compressed from the copies made at build time), and index.html for client routes.
 */
export function consoleRoutes(consoleDir: string): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  const root = path.resolve(consoleDir);

  r.get('*', hiddenRoute("the staff console's and the agency page's files, not an API"), async (c, next) => {
    const urlPath = c.req.path;
    if (urlPath === '/' || urlPath === '/index.html' || !SAFE_PATH.test(urlPath)) return next();
    // The compressed copies are served in place of their originals, never under their own names.
    if (PRECOMPRESSED.some((p) => urlPath.endsWith(p.suffix))) return next();
    const file = path.join(root, urlPath);
    if (!file.startsWith(root + path.sep) || !(await isFile(file))) return next();

    const type = getMimeType(file) ?? 'application/octet-stream';
    let sendPath = file;
    if (COMPRESSIBLE.test(type)) {
      // A cache must keep one copy per encoding, whichever this request gets.
      c.header('Vary', 'Accept-Encoding');
      const present: Encoding[] = [];
      for (const p of PRECOMPRESSED) if (await isFile(file + p.suffix)) present.push(p.encoding);
      const encoding = pickEncoding(c.req.header('accept-encoding'), present);
      if (encoding) {
        sendPath = file + PRECOMPRESSED.find((p) => p.encoding === encoding)!.suffix;
        c.header('Content-Encoding', encoding);
      }
    }
    // Files under /assets/ carry a content hash in their name: a new build gets new names.
    c.header('Cache-Control', urlPath.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
    c.header('Content-Type', type);
    if (c.req.method === 'HEAD') {
      c.header('Content-Length', String((await stat(sendPath)).size));
      return c.body(null);
    }
    const body = new Uint8Array(await readFile(sendPath));
    c.header('Content-Length', String(body.length));
    return c.body(body);
  });

  r.get('*', async (c, next) => {
    // Unknown API paths stay JSON 404s; so does a missing asset (a stale chunk name after a
    // deploy must fail as a script load, not come back as HTML). Other paths are client routes.
    if (/^\/(api|v1)(\/|$)/.test(c.req.path)) return next();
    if (c.req.path.startsWith('/assets/')) return c.json(errorBody(c, 'not_found', 'no such asset'), 404);
    // The agency's page for a share link is a page (and bundle) of its own.
    const page = c.req.path.startsWith('/share/') ? 'share.html' : 'index.html';
    const html = await readFile(path.join(root, page), 'utf8');
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });
  return r;
}
