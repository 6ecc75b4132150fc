import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logger.ts';
import type { AppContext } from '../context.ts';
import type { StaffPrincipal } from '../services/auth/principal.ts';
import type { MediaAccess } from '../services/recordings/read-media.ts';

/** Typed Hono context: every handler sees the app context, its request id and logger. */
export interface HonoEnv {
  /** What @hono/node-server passes; absent under app.request() (tests) and other runtimes. */
  Bindings: { incoming?: IncomingMessage } | undefined;
  Variables: {
    ctx: AppContext;
    requestId: string;
    log: Logger;
    staff: StaffPrincipal;
    /** Set by mediaSession(): the session's recording and grant, found with it. */
    mediaAccess: MediaAccess;
    /** Which configured ingest token authenticated the call platform (a short fingerprint). */
    serviceTokenId: string;
    /** The schemas the matched route's apiDoc names (http/openapi.ts); validate.ts holds handlers to them. */
    apiDoc?: DocumentedSchemas;
  };
}

export interface DocumentedSchemas {
  params?: Record<string, unknown>;
  query?: unknown;
  body?: unknown;
}
