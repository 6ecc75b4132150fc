import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import type { Booted } from './bootstrap.ts';
import { SWEEP_QUEUE, jobHandlers } from './jobs/catalogue.ts';
import { Worker } from './jobs/worker.ts';
import { enqueueJob } from './repositories/db/jobs-repo.ts';

export interface RunningServer {
  url: string;
  worker: Worker | null;
  close(): Promise<void>;
}

const SWEEP_EVERY_MS = 10 * 60_000;

/** HTTP on one port (API and console), plus the job workers unless they run elsewhere. */
export async function startServer(booted: Booted, opts: { consoleDir?: string }): Promise<RunningServer> {
  const { ctx } = booted;
  const app = createApp(ctx, { consoleDir: opts.consoleDir });
  const worker = ctx.config.runWorkers ? new Worker(ctx, { handlers: jobHandlers }) : null;
  worker?.start();
  const sweep = worker
    ? setInterval(() => void enqueueJob(ctx.db, SWEEP_QUEUE, {}, { dedupeKey: 'sweep' }).catch((err) => ctx.logger.warn({ err }, 'could not schedule sweep')), SWEEP_EVERY_MS)
    : null;
  sweep?.unref();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: ctx.config.port, hostname: ctx.config.host }, () => resolve(s));
  });
  // Uploads of gigabytes take long; only idle sockets should time out.
  server.setTimeout?.(0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${ctx.config.host}:${port}`,
    worker,
    close: async () => {
      if (sweep) clearInterval(sweep);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker?.stop();
    },
  };
}
