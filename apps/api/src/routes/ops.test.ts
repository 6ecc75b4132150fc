import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { createDb } from '@kura/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { grantAccess, seedProcessedRecording, staffSession, getMedia } from '../../../../test/support/seed-recording.ts';
import { createApp, createMetricsApp } from '../app.ts';
import type { AppContext } from '../context.ts';
import { jobHandlers } from '../jobs/catalogue.ts';
import { Worker } from '../jobs/worker.ts';
import { countRetentionOutcome } from '../lib/metrics.ts';
import { enqueueJob } from '../repositories/db/jobs-repo.ts';
import { KeyRingFile } from '../repositories/keyring-file.ts';
import { ObjectStore } from '../repositories/object-store.ts';
import { listen } from '../server.ts';

// /healthz, /readyz and /metrics: probes that name what is down and nothing more, and metrics
// labelled by route pattern, never by a path that could hold a share token or an id.

const METRICS_TOKEN = `metrics-${randomBytes(16).toString('hex')}`;

let h: Harness;
const servers: ServerType[] = [];

beforeAll(async () => {
  h = await createHarness({ metricsToken: METRICS_TOKEN });
});
afterAll(async () => {
  for (const s of servers) {
    (s as unknown as { closeAllConnections(): void }).closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await h?.close();
});

/** Another HTTP server on the same process, for a context with something broken in it. */
async function serve(app: ReturnType<typeof createApp>): Promise<string> {
  const server = await listen(app, '127.0.0.1', 0);
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function scrape(base = h.baseUrl, headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }): Promise<string> {
  const res = await fetch(`${base}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** One sample's value; 0 when the series is not there yet (counters start when first used). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(/,(?=[a-zA-Z_]+=")/).filter(Boolean);
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[3]);
  }
  return 0;
}

describe('/healthz', () => {
  it('answers 200 {status: ok} without auth', async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('/readyz', () => {
  it('answers 200 when PostgreSQL, the bucket and the key ring are reachable', async () => {
    const res = await fetch(`${h.baseUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok', keyring: 'ok' } });
  });

  it('answers 503 naming the bucket when it is missing, and says nothing of endpoint or credentials', async () => {
    const store = ObjectStore.fromConfig({
      endpoint: inject('s3Endpoint'),
      bucket: `missing-${randomBytes(4).toString('hex')}`,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    });
    const base = await serve(createApp({ ...h.ctx, store }));
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'unavailable', checks: { database: 'ok', storage: 'unavailable', keyring: 'ok' } });
    expect(text).not.toMatch(/S3RVER|127\.0\.0\.1|missing-/);
    store.destroy();
  });

  it('answers 503 naming the database when PostgreSQL cannot be reached, without its URL', async () => {
    const db = createDb('postgres://kura_probe:secret-password@127.0.0.1:1/none', 1);
    const base = await serve(createApp({ ...h.ctx, db }));
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'unavailable', checks: { database: 'unavailable', storage: 'ok', keyring: 'ok' } });
    expect(text).not.toMatch(/secret-password|kura_probe/);
    await db.destroy();
  });

  it('answers 503 naming the key ring when its file is gone (an unmounted Secret)', async () => {
    const file = `${h.dataDir}/other-keyring.json`;
    const { file: keys } = await KeyRingFile.open(file, { create: true });
    const base = await serve(createApp({ ...h.ctx, keys }));
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await rm(file);
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'unavailable', checks: { database: 'ok', storage: 'ok', keyring: 'unavailable' } });
    expect(text).not.toContain(file);
  });
});

describe('/metrics on the main port', () => {
  it('refuses without the metrics token, or with a wrong one (401, JSON)', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-0123456789abcdef' },
      { authorization: `Basic ${METRICS_TOKEN}` },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${h.baseUrl}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('refuses a staff session of every role: metrics need the metrics token, not a sign-in', async () => {
    for (const role of ['moderator', 'lead', 'admin', 'auditor'] as const) {
      const s = await staffSession(h, [role]);
      const res = await fetch(`${h.baseUrl}/metrics`, { headers: s.session.headers() });
      expect(res.status).toBe(401);
      await res.arrayBuffer();
    }
  });

  it('is off (404) when no metrics token is configured', async () => {
    const base = await serve(createApp({ ...h.ctx, config: { ...h.ctx.config, metricsToken: undefined } }));
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('is off (404) on the main port when metrics have a port of their own, token or not', async () => {
    const ctx: AppContext = { ...h.ctx, config: { ...h.ctx.config, metricsPort: 0 } };
    const base = await serve(createApp(ctx));
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(404);
    await res.arrayBuffer();
    // The metrics port itself needs no token; it also answers the probes.
    const metricsBase = await serve(createMetricsApp(ctx));
    expect(await scrape(metricsBase, {})).toContain('kura_http_requests_total');
    expect((await fetch(`${metricsBase}/healthz`)).status).toBe(200);
    expect((await fetch(`${metricsBase}/readyz`)).status).toBe(200);
    expect((await fetch(`${metricsBase}/api/me`)).status).toBe(404);
  });
});

describe('what /metrics reports', () => {
  it('labels requests by route pattern, never by the path: no share token, id or email', async () => {
    const shareToken = `tok${randomBytes(24).toString('hex')}`;
    const before = await scrape();
    const miss = await fetch(`${h.baseUrl}/v1/share/${shareToken}`);
    expect(miss.status).toBe(404);
    await miss.arrayBuffer();
    const clip = await fetch(`${h.baseUrl}/v1/share/${shareToken}/clips/${randomBytes(8).toString('hex')}`);
    await clip.arrayBuffer();
    const nowhere = await fetch(`${h.baseUrl}/no/such/${shareToken}`);
    expect(nowhere.status).toBe(404);
    await nowhere.arrayBuffer();
    const after = await scrape();
    expect(after).not.toContain(shareToken);
    expect(after).not.toMatch(/@kura\.test/);
    const count = (text: string, route: string) => sample(text, 'kura_http_requests_total', { method: 'GET', route, status: '404' });
    expect(count(after, '/v1/share/:token') - count(before, '/v1/share/:token')).toBe(1);
    expect(count(after, '/v1/share/:token/clips/:clipId') - count(before, '/v1/share/:token/clips/:clipId')).toBe(1);
    expect(count(after, 'unmatched') - count(before, 'unmatched')).toBe(1);
    expect(
      sample(after, 'kura_http_request_duration_seconds_count', { method: 'GET', route: '/v1/share/:token', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    for (const line of after.split('\n').filter((l) => l.startsWith('kura_http_requests_total{'))) {
      // Every route label is a pattern: only literal segments, :params and wildcards.
      const route = /route="([^"]*)"/.exec(line)![1]!;
      expect(route).toMatch(/^(unmatched|(\/([a-z0-9._-]+|:[a-zA-Z]+|\*))*\/?\*?)$/);
    }
  });

  it('counts ingest bytes, media bytes served, audit appends, queue depth and age, and job outcomes', async () => {
    const before = await scrape();
    const seeded = await seedProcessedRecording(h);
    const mod = await staffSession(h, ['moderator']);
    await grantAccess(h, mod.session, seeded.recordingId);
    const media = await getMedia(h, mod.session, seeded.recordingId, 'bytes=0-999');
    expect(media.status).toBe(206);
    expect((await media.arrayBuffer()).byteLength).toBe(1000);

    await enqueueJob(h.ctx.db, 'objects.sweep', {}, { runAt: new Date(Date.now() - 60_000) });
    const queued = await scrape();
    expect(sample(queued, 'kura_queue_depth', { queue: 'objects.sweep' })).toBe(1);
    expect(sample(queued, 'kura_queue_oldest_age_seconds', { queue: 'objects.sweep' })).toBeGreaterThanOrEqual(59);
    expect(sample(queued, 'kura_queue_depth', { queue: 'packet.cut_clip' })).toBe(0);
    expect(await new Worker(h.ctx, { handlers: jobHandlers }).drain()).toBe(1);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('kura_ingest_bytes_total')).toBe(seeded.bytes.length);
    expect(delta('kura_media_bytes_served_total', { kind: 'recording' })).toBe(1000);
    expect(delta('kura_audit_appends_total', { action: 'recording.ingested' })).toBe(1);
    expect(delta('kura_audit_appends_total', { action: 'media.read' })).toBe(1);
    expect(delta('kura_jobs_total', { queue: 'recording.process', outcome: 'done' })).toBe(1);
    expect(delta('kura_jobs_total', { queue: 'objects.sweep', outcome: 'done' })).toBe(1);
    expect(sample(after, 'kura_queue_depth', { queue: 'objects.sweep' })).toBe(0);
    expect(sample(after, 'kura_queue_oldest_age_seconds', { queue: 'objects.sweep' })).toBe(0);
    expect(after).not.toContain(seeded.recordingId);
    expect(after).not.toContain(seeded.callRef);
    expect(after).not.toContain(mod.email);
  }, 150_000);

  it('shows retention outcomes the retention service counts', async () => {
    const before = sample(await scrape(), 'kura_retention_outcomes_total', { outcome: 'destroyed' });
    countRetentionOutcome('destroyed', 3);
    expect(sample(await scrape(), 'kura_retention_outcomes_total', { outcome: 'destroyed' }) - before).toBe(3);
  });
});
