import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { ErrorBody } from '@kura/contracts';
import type { HonoEnv } from './env.ts';

// The published API (/api/openapi.json) is read off the app's own route table: each documented
// route carries an apiDoc() middleware naming the zod schemas its handler validates with (the same
// objects, imported from @kura/contracts or the router), and buildOpenApi() walks `app.routes`.
// Nothing is kept by hand beside the schemas; a route without a doc fails the spec test.

type Schema = z.ZodType;
type JsonSchema = Record<string, unknown>;

/** A response that is not JSON described by a zod schema (media, CSV, redirects, no content). */
export interface OtherResponse {
  description: string;
  /** Media types and, where there is one, a JSON Schema of the body. */
  content?: Record<string, JsonSchema>;
  headers?: Record<string, string>;
}

export type Auth = 'none' | 'service' | 'staff' | 'share' | 'metrics';

export interface RouteDoc {
  summary: string;
  description?: string;
  /** Who may call it; by default from the path (/v1/ingest service, /v1/share share, /api staff). */
  auth?: Auth;
  params?: Record<string, Schema>;
  /** An object schema; each property becomes a query parameter. */
  query?: Schema;
  /** An application/json request body. */
  body?: Schema;
  /** The body may be left out altogether (a share link without a passphrase). */
  bodyOptional?: boolean;
  /** A request body that is not JSON (the recording upload). */
  rawBody?: { description: string; contentTypes: string[] };
  /** JSON answers by status; every operation also answers errors as ErrorBody. */
  responses: Record<number, Schema | OtherResponse>;
}

/** Not part of the published API (the console's static files), with the reason. */
export interface HiddenRoute {
  hidden: string;
}

const DOC = Symbol.for('kura.apiDoc');
type Documented = MiddlewareHandler<HonoEnv> & { [DOC]: RouteDoc | HiddenRoute };

function marker(doc: RouteDoc | HiddenRoute): Documented {
  const mw: MiddlewareHandler<HonoEnv> = async (c, next) => {
    if (!('hidden' in doc)) c.set('apiDoc', doc);
    await next();
  };
  return Object.assign(mw, { [DOC]: doc });
}

/** Documents the route it is placed on; put it first in the route's handlers. */
export const apiDoc = (doc: RouteDoc): MiddlewareHandler<HonoEnv> => marker(doc);
export const hiddenRoute = (reason: string): MiddlewareHandler<HonoEnv> => marker({ hidden: reason });

export interface RouteEntry {
  method: string;
  path: string;
  handler: unknown;
}

function docOf(handler: unknown): RouteDoc | HiddenRoute | undefined {
  return typeof handler === 'function' ? (handler as Partial<Documented>)[DOC] : undefined;
}

/** `/api/recordings/:id` → `/api/recordings/{id}`. */
export const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Every (method, path) of the route table that answers requests: middleware (ALL) excluded. */
export function routeKeys(routes: readonly RouteEntry[]): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of routes) {
    if (r.method === 'ALL') continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

const COMPONENTS = '#/components/schemas/';
const ERROR_REF = { $ref: `${COMPONENTS}ErrorBody` };

function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/** Named DTOs (`.meta({id})` in @kura/contracts) become components; the rest is inlined. */
function converter() {
  const named = z.toJSONSchema(z.globalRegistry, { io: 'output', uri: (id) => `${COMPONENTS}${id}` });
  const components: Record<string, JsonSchema> = {};
  for (const [id, s] of Object.entries(named.schemas)) components[id] = strip(s as JsonSchema);

  const convert = (schema: Schema, io: 'input' | 'output'): JsonSchema => {
    const id = z.globalRegistry.get(schema)?.id;
    if (id && io === 'output') return { $ref: `${COMPONENTS}${id}` };
    const json = strip(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema);
    // Named schemas inside come back as local $defs: point them at the components instead.
    const { $defs, ...rest } = json;
    const text = JSON.stringify(rest).replaceAll('"#/$defs/', `"${COMPONENTS}`);
    for (const [defId, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      components[defId] ??= JSON.parse(JSON.stringify(def).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as JsonSchema;
    }
    return JSON.parse(text) as JsonSchema;
  };
  return { components, convert };
}

function defaultAuth(path: string): Auth {
  if (path.startsWith('/v1/ingest')) return 'service';
  if (path.startsWith('/v1/share')) return 'share';
  if (path.startsWith('/api')) return 'staff';
  return 'none';
}

/** Methods that change nothing: a staff session needs no CSRF header for them (http/staff-auth.ts). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function security(auth: Auth, method: string): Record<string, string[]>[] {
  switch (auth) {
    case 'none':
      return [];
    case 'service':
      return [{ serviceToken: [] }];
    case 'staff':
      return SAFE_METHODS.has(method) ? [{ staffSession: [] }] : [{ staffSession: [], csrfToken: [] }];
    // The token is in the path; the playback cookie comes from POST …/session.
    case 'share':
      return [{ shareSession: [] }];
    case 'metrics':
      return [{ metricsToken: [] }];
  }
}

function tagOf(path: string): string {
  if (path.startsWith('/v1/ingest')) return 'ingest';
  if (path.startsWith('/v1/share')) return 'share';
  if (path.startsWith('/api')) return `staff: ${path.split('/')[2] ?? ''}`;
  return 'public';
}

function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((p) => p && p !== 'api' && p !== 'v1')
    .map((p) => (p.startsWith(':') ? `by-${p.slice(1)}` : p))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words].map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
};

/** OpenAPI 3.1 for every documented route in `routes`; undocumented ones are left out (and named by the test). */
export function buildOpenApi(routes: readonly RouteEntry[], info: OpenApiInfo): OpenApiDocument {
  const { components, convert } = converter();
  const docs = new Map<string, RouteDoc>();
  for (const r of routes) {
    const doc = docOf(r.handler);
    if (doc && !('hidden' in doc)) docs.set(`${r.method} ${r.path}`, doc);
  }

  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const { method, path } of routeKeys(routes)) {
    const doc = docs.get(`${method} ${path}`);
    if (!doc) continue;
    const parameters: JsonSchema[] = [];
    const pathNames = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
    for (const name of pathNames) {
      const schema = doc.params?.[name];
      parameters.push({ name, in: 'path', required: true, schema: schema ? convert(schema, 'input') : { type: 'string' } });
    }
    if (doc.query) {
      const q = convert(doc.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({
          name,
          in: 'query',
          required: q.required?.includes(name) ?? false,
          schema: rest,
          ...(typeof description === 'string' ? { description } : {}),
        });
      }
    }

    const responses: Record<string, JsonSchema> = {};
    for (const [status, r] of Object.entries(doc.responses)) {
      if (r instanceof z.ZodType) {
        const name = z.globalRegistry.get(r)?.id;
        responses[status] = { description: name ?? 'JSON', content: { 'application/json': { schema: convert(r, 'output') } } };
      } else {
        const content = r.content ? Object.fromEntries(Object.entries(r.content).map(([type, schema]) => [type, { schema }])) : undefined;
        const headers = r.headers
          ? Object.fromEntries(Object.entries(r.headers).map(([h, description]) => [h, { description, schema: { type: 'string' } }]))
          : undefined;
        responses[status] = { description: r.description, ...(content ? { content } : {}), ...(headers ? { headers } : {}) };
      }
    }
    responses.default = {
      description: 'An error: `{error: {code, message, requestId}}`',
      content: { 'application/json': { schema: ERROR_REF } },
    };

    const operation: JsonSchema = {
      operationId: operationId(method, path),
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      tags: [tagOf(path)],
      security: security(doc.auth ?? defaultAuth(path), method),
      ...(parameters.length ? { parameters } : {}),
      responses,
    };
    if (doc.body) {
      operation.requestBody = { required: !doc.bodyOptional, content: { 'application/json': { schema: convert(doc.body, 'input') } } };
    } else if (doc.rawBody) {
      operation.requestBody = {
        required: true,
        description: doc.rawBody.description,
        content: Object.fromEntries(doc.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }])),
      };
    }
    (paths[openApiPath(path)] ??= {})[method.toLowerCase()] = operation;
  }

  components.ErrorBody ??= strip(z.toJSONSchema(ErrorBody, { io: 'output' }) as JsonSchema);
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    tags: [
      { name: 'ingest', description: 'The call platform: service token (`Authorization: Bearer …`).' },
      { name: 'share', description: "An agency's share link: the token in the path, then the playback cookie." },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        serviceToken: { type: 'http', scheme: 'bearer', description: 'A service token of the call platform (one of KURA_INGEST_TOKENS).' },
        staffSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'kura_session',
          description: 'Set by POST /api/auth/login or the OIDC callback.',
        },
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description: 'The `csrfToken` of the session answer; required with the session on POST, PUT, PATCH and DELETE only.',
        },
        metricsToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'KURA_METRICS_TOKEN, for /metrics on the main port. Without one configured, or with metrics on a port of their own ' +
            '(KURA_METRICS_PORT, open to the scraper and not part of this document), the main port answers 404.',
        },
        shareSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'kura_share',
          description: 'Set by POST /v1/share/{token}/session (with the passphrase, if the link has one).',
        },
      },
    },
  };
}

/** Shapes of answers that are not a zod-described JSON body. */
export const answers = {
  noContent: { description: 'Done; no body.' } satisfies OtherResponse,
  redirect: (description: string): OtherResponse => ({ description, headers: { Location: 'Where the browser goes next.' } }),
  /** Ranged media (Range: bytes=a-b, single ranges only); HEAD answers the headers alone. */
  media: (status: 200 | 206): OtherResponse => ({
    description: status === 206 ? 'The requested byte range (Content-Range says which).' : 'The whole file.',
    content: { 'video/*': { type: 'string', contentMediaType: 'video/*' }, 'audio/*': { type: 'string', contentMediaType: 'audio/*' } },
    headers: { 'Accept-Ranges': 'bytes', ...(status === 206 ? { 'Content-Range': 'bytes a-b/size' } : {}) },
  }),
  /** JSON whose shape has no zod schema yet (see the typed DTO named in the description). */
  json: (description: string): OtherResponse => ({ description, content: { 'application/json': {} } }),
};

/** Routes of the table with neither a doc nor a reason to be left out, as `METHOD /path`. */
export function undocumentedRoutes(routes: readonly RouteEntry[]): string[] {
  const covered = new Set(routes.filter((r) => docOf(r.handler)).map((r) => `${r.method} ${r.path}`));
  return routeKeys(routes)
    .map(({ method, path }) => `${method} ${path}`)
    .filter((key) => !covered.has(key));
}
