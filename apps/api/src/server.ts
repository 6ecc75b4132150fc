import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { createServer } from 'node:http';
import { getRequestListener, RequestError, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { HonoEnv } from './http/env.ts';
import { pipingStreamBodies } from './http/node-body.ts';
import type { AddressInfo } from 'node:net';
import { createApp, createMetricsApp } from './app.ts';
import type { Booted } from './bootstrap.ts';
import { jobHandlers } from './jobs/catalogue.ts';
import { scheduleRetention } from './jobs/retention-schedule.ts';
import { Worker } from './jobs/worker.ts';
import { enqueueJob } from './repositories/db/jobs-repo.ts';

export interface RunningServer {
  url: string;
  worker: Worker | null;
  close(): Promise<void>;
}

const SWEEP_EVERY_MS = 10 * 60_000;
export const KEEP_ALIVE_MS = 65_000;

/** HTTP on one port (API and console), plus the job workers unless they run elsewhere. */
export async function startServer(booted: Booted, opts: { consoleDir?: string }): Promise<RunningServer> {
  const { ctx } = booted;
  const app = createApp(ctx, { consoleDir: opts.consoleDir });
  // Review items opened before priorities existed get scored once, by whichever worker is first.
  await enqueueJob(ctx.db, 'review.rescore-unscored', {}, { dedupeKey: 'rescore-unscored' });
  const worker = ctx.config.runWorkers ? new Worker(ctx, { handlers: jobHandlers }) : null;
  worker?.start();
  const sweep = worker
    ? setInterval(
        () =>
          void enqueueJob(ctx.db, 'objects.sweep', {}, { dedupeKey: 'sweep' }).catch((err) =>
            ctx.logger.warn({ err }, 'could not schedule sweep'),
          ),
        SWEEP_EVERY_MS,
      )
    : null;
  sweep?.unref();
  const checkpoints = scheduleCheckpoints(ctx);
  const retention = ctx.config.retentionSchedule ? scheduleRetention(ctx) : null;
  const server = await listen(app, ctx.config.host, ctx.config.port);
  const metrics = await startMetricsServer(ctx);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${ctx.config.host}:${port}`,
    worker,
    close: async () => {
      if (sweep) clearInterval(sweep);
      if (checkpoints) clearInterval(checkpoints);
      retention?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await metrics?.close();
      await worker?.stop();
    },
  };
}

/** /metrics and the probes on KURA_METRICS_PORT, when set (API and `kura worker` processes alike). */
export async function startMetricsServer(ctx: Booted['ctx']): Promise<{ url: string; close(): Promise<void> } | null> {
  if (ctx.config.metricsPort === undefined) return null;
  const server = await listen(createMetricsApp(ctx), ctx.config.metricsHost, ctx.config.metricsPort);
  const { port } = server.address() as AddressInfo;
  ctx.logger.info({ port }, 'metrics listening');
  return {
    url: `http://${ctx.config.metricsHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * Signed checkpoints of the audit chain head, now and every `checkpointMinutes`: enqueued whether or
 * not this process runs workers (any worker takes the job), once across processes (dedupe key).
 */
function scheduleCheckpoints(ctx: Booted['ctx']): NodeJS.Timeout | null {
  const minutes = ctx.config.checkpointMinutes;
  if (minutes === null) return null;
  const enqueue = () =>
    void enqueueJob(ctx.db, 'audit.checkpoint', {}, { dedupeKey: 'audit-checkpoint', maxAttempts: 3 }).catch((err) =>
      ctx.logger.warn({ err }, 'could not schedule an audit checkpoint'),
    );
  enqueue();
  const timer = setInterval(enqueue, minutes * 60_000);
  timer.unref();
  return timer;
}

/** Listens with the HTTP settings every Kura server uses (tests included). */
export async function listen(app: Hono<HonoEnv>, hostname: string, port: number): Promise<ServerType> {
  const server: ServerType = createServer(
    getRequestListener(pipingStreamBodies(app.fetch), { hostname, errorHandler: unbuildableRequest }),
  );
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  // Uploads of gigabytes take long; only idle sockets should time out.
  server.setTimeout?.(0);
  // A player that was paused for a while asks for its next range on the connection it has.
  // Node's 5 s default closes it first, and a new one costs a connection setup and, on a busy
  // server, a wait for accept (libuv accepts one connection per turn of the event loop). Longer
  // than the 60 s idle timeout of common load balancers, so Kura never closes a connection one of
  // them is about to reuse; headers still have to arrive in time.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  // Requests Node's parser rejects (bad framing, bad Content-Length) never reach Hono: answer
  // them in the same JSON shape instead of Node's plain-text 400.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({ error: { code: 'bad_request', message: 'malformed HTTP request', requestId: randomUUID() } });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: application/json\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        // Outside Hono, so outside secureHeaders: the few that matter for a JSON error.
        `x-content-type-options: nosniff\r\ncontent-security-policy: default-src 'none'; frame-ancestors 'none'\r\n` +
        `x-frame-options: DENY\r\nreferrer-policy: no-referrer\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

/**
 * A request Node parsed but no fetch Request can be made of (a Host header that names no host)
 * never reaches Hono either; the adapter would answer an empty 400. Same JSON shape as above.
 */
function unbuildableRequest(err: unknown): Response {
  const requestId = randomUUID();
  const bad = err instanceof RequestError;
  const error = bad
    ? { code: 'bad_request', message: 'malformed HTTP request', requestId }
    : { code: 'internal', message: 'internal error', requestId };
  return new Response(JSON.stringify({ error }), {
    status: bad ? 400 : 500,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-request-id': requestId },
  });
}
