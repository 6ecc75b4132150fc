import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { HonoEnv } from '../http/env.ts';

/** The built console on the API's own port: static assets, and index.html for client routes. */
export function consoleRoutes(consoleDir: string): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  const root = path.relative(process.cwd(), consoleDir) || '.';
  r.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  r.use('*', serveStatic({ root }));
  r.get('*', async (c, next) => {
    // Unknown API paths stay JSON 404s; only client-side routes get the page.
    if (/^\/(api|v1)(\/|$)/.test(c.req.path)) return next();
    // The agency's page for a share link is a page (and bundle) of its own.
    const page = c.req.path.startsWith('/share/') ? 'share.html' : 'index.html';
    const html = await readFile(path.join(consoleDir, page), 'utf8');
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });
  return r;
}
