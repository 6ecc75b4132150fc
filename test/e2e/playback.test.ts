import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoMedia } from '../../apps/api/src/demo/media/generate.ts';
import { jobHandlers } from '../../apps/api/src/jobs/catalogue.ts';
import { Worker } from '../../apps/api/src/jobs/worker.ts';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { bearer, createHarness, type Harness } from '../support/harness.ts';
import { createStaff } from '../support/staff.ts';
import { consoleDist } from '../../scripts/console-build.mjs';

const artifacts = path.resolve(import.meta.dirname, '../.artifacts');

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('console: a moderator plays a recording only after declaring a purpose', () => {
  let h: Harness;
  let browser: Browser;
  let staff: { email: string; password: string };

  beforeAll(async () => {
    h = await createHarness({}, { consoleDir: consoleDist });
    staff = await createStaff(h, ['moderator'], { displayName: 'E2E モデレーター' });
    const call = {
      creator: { ref: 'creator-e2e', name: '日向 ひな', agency: { ref: 'agency-e2e', name: '桜タレント事務所' } },
      user: { ref: 'u-e2e' },
      startedAt: '2026-11-20T01:00:00Z',
      endedAt: '2026-11-20T01:00:06Z',
    };
    const put = await fetch(`${h.baseUrl}/v1/ingest/calls/call-e2e-1`, {
      method: 'PUT',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify(call),
    });
    expect(put.status).toBe(201);
    const media = generateDemoMedia({ kind: 'mp4', seconds: 6, seed: 42 });
    const bytes = await collect(media.stream);
    const up = await fetch(`${h.baseUrl}/v1/ingest/calls/call-e2e-1/recording`, {
      method: 'PUT',
      headers: { ...bearer(), 'content-type': 'video/mp4' },
      body: bytes,
    });
    expect(up.status).toBe(201);
    await new Worker(h.ctx, { handlers: jobHandlers }).drain();
    browser = await launchChromium();
    await mkdir(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('logs in, opens the recording, declares a purpose, plays it and sees the access in the history', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    const mediaResponses: number[] = [];
    page.on('response', (r) => {
      if (/\/api\/recordings\/[^/]+\/media$/.test(new URL(r.url()).pathname)) mediaResponses.push(r.status());
    });

    await page.goto(`${h.baseUrl}/`);
    await page.getByLabel('メールアドレス').fill(staff.email);
    await page.getByLabel('パスワード').fill(staff.password);
    await page.getByRole('button', { name: 'ログイン' }).click();

    await page.getByRole('heading', { name: 'レビューキュー' }).waitFor();
    await page.getByRole('navigation', { name: 'メインナビゲーション' }).getByRole('link', { name: '録画一覧' }).click();
    await page.getByRole('heading', { name: '録画一覧' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'recordings.png'), fullPage: true });
    await page.getByRole('link', { name: '録画 call-e2e-1 を開く' }).click();

    await page.getByRole('heading', { name: '録画 call-e2e-1' }).waitFor();
    // No player, and no media request, before a purpose is declared.
    expect(await page.locator('video').count()).toBe(0);
    expect(mediaResponses).toEqual([]);

    await page.getByRole('button', { name: '閲覧目的を申告する' }).click();
    const dialog = page.getByRole('dialog', { name: '閲覧目的の申告' });
    await dialog.getByRole('radio', { name: '禁止行為の抑制' }).check();
    await dialog.getByLabel('報告ID・案件番号').fill('RPT-E2E-1');
    await dialog.getByRole('button', { name: '目的を記録して再生' }).click();

    const video = page.locator('video');
    await video.waitFor();
    const played = await video.evaluate(async (node) => {
      const el = node as unknown as {
        muted: boolean;
        currentTime: number;
        error: { message: string } | null;
        play(): Promise<void>;
        pause(): void;
      };
      el.muted = true;
      await el.play();
      const started = performance.now();
      while (el.currentTime < 1 && performance.now() - started < 15_000) await new Promise((r) => setTimeout(r, 100));
      el.pause();
      return { currentTime: el.currentTime, error: el.error?.message ?? null };
    });
    expect(played.error).toBeNull();
    expect(played.currentTime).toBeGreaterThanOrEqual(1);
    expect(mediaResponses.every((s) => s === 200 || s === 206)).toBe(true);

    const history = page.getByRole('region', { name: 'アクセス履歴' }).or(page.locator('section', { hasText: 'アクセス履歴' }));
    await expect.poll(async () => (await history.first().innerText()).includes('RPT-E2E-1'), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await history.first().innerText()).match(/\d+\s*[–-]\s*\d+/) !== null, { timeout: 15_000 }).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'recording.png'), fullPage: true });

    // The server's own record agrees: the reads are in the chain, with the declared purpose.
    const reads = await h.ctx.db.selectFrom('audit_events').select(['purpose', 'details']).where('action', '=', 'media.read').execute();
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.purpose === 'deter_prohibited_conduct')).toBe(true);
  });
});
