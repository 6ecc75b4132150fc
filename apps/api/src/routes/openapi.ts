import { Hono } from 'hono';
import type { HonoEnv } from '../http/env.ts';
import { answers, apiDoc, buildOpenApi, type OpenApiDocument, type RouteEntry } from '../http/openapi.ts';
import { renderApiDocs } from './openapi-page.ts';

const INFO = {
  title: 'Kura API',
  version: '1',
  description:
    'The call platform’s ingest API (/v1/ingest, service token), the agency share API (/v1/share/{token}) and the staff ' +
    'console’s API (/api, session cookie + X-CSRF-Token). Every error is `{error: {code, message, requestId}}`.',
};

/**
 * /api/openapi.json and /api/docs. The document is built once, on first request, from the app's
 * route table (`routes()` is read then, when every router is mounted); it names no secret.
 */
export function openApiRoutes(routes: () => readonly RouteEntry[]): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  let spec: OpenApiDocument | undefined;
  const document = () => (spec ??= buildOpenApi(routes(), INFO));

  r.get(
    '/openapi.json',
    apiDoc({ summary: 'This document (OpenAPI 3.1)', auth: 'none', responses: { 200: answers.json('OpenAPI 3.1') } }),
    (c) => c.json(document()),
  );
  r.get(
    '/docs',
    apiDoc({
      summary: 'This document as a page to browse',
      auth: 'none',
      responses: { 200: { description: 'HTML', content: { 'text/html': { type: 'string' } } } },
    }),
    (c) => c.html(renderApiDocs(document())),
  );
  return r;
}
