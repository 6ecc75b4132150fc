import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoMedia } from '../../apps/api/src/demo/media/generate.ts';
import { jobHandlers } from '../../apps/api/src/jobs/catalogue.ts';
import { Worker } from '../../apps/api/src/jobs/worker.ts';
import { consoleDist } from '../../scripts/console-build.mjs';
import { axeViolations, describeFindings } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { bearer, createHarness, type Harness } from '../support/harness.ts';
import { createStaff, type TestStaff } from '../support/staff.ts';

// Every console page in a real browser: accessible (axe-core, WCAG 2 A/AA), screenshotted for a
// person to look at, and the login page small enough to load quickly.

const artifacts = path.resolve(import.meta.dirname, '../.artifacts');
/** First load of the login page, everything on the wire (headers and bodies). */
const LOGIN_BUDGET_BYTES = 150_000;

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** What these checks read of the page (this file is compiled without the DOM's types). */
interface InPage {
  __csp: string[];
  document: {
    activeElement: { tagName: string; textContent: string | null } | null;
    addEventListener(type: 'securitypolicyviolation', listener: (e: { violatedDirective: string; blockedURI: string }) => void): void;
  };
}
type Media = { readyState: number; currentTime: number };

let h: Harness;
let browser: Browser;
const staff: Record<'moderator' | 'auditor' | 'admin', TestStaff> = {} as never;
const contexts: BrowserContext[] = [];

async function ingestCall(ref: string, media: Buffer, contentType: string) {
  const call = {
    creator: { ref: `creator-${ref}`, name: '日向 ひな', agency: { ref: 'agency-pages', name: '桜タレント事務所' } },
    user: { ref: `u-${ref}` },
    startedAt: '2026-11-20T01:00:00Z',
    endedAt: '2026-11-20T01:00:06Z',
  };
  const headers = { ...bearer(), 'content-type': 'application/json' };
  expect((await fetch(`${h.baseUrl}/v1/ingest/calls/${ref}`, { method: 'PUT', headers, body: JSON.stringify(call) })).status).toBe(201);
  const up = await fetch(`${h.baseUrl}/v1/ingest/calls/${ref}/recording`, {
    method: 'PUT',
    headers: { ...bearer(), 'content-type': contentType },
    body: media,
  });
  expect(up.status).toBe(201);
}

/** A fresh profile (no cache, no cookies), Japanese, Tokyo time; CSP violations are kept for the test to read. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  contexts.push(context);
  await context.addInitScript(() => {
    const page = globalThis as unknown as InPage;
    page.__csp = [];
    page.document.addEventListener('securitypolicyviolation', (e) => page.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return context.newPage();
}

async function signIn(page: Page, who: TestStaff) {
  await page.goto(`${h.baseUrl}/login`);
  await page.getByLabel('メールアドレス').fill(who.email);
  await page.getByLabel('パスワード').fill(who.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

/** Fails on serious or critical axe findings, then keeps a full-page screenshot. */
async function checkPage(page: Page, name: string) {
  const { blocking, other } = await axeViolations(page);
  expect(blocking, `${name}: axe found\n${describeFindings(blocking)}\n(minor/moderate:\n${describeFindings(other)})`).toEqual([]);
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

const cspViolations = (page: Page) => page.evaluate(() => (globalThis as unknown as InPage).__csp);
const focusedElement = (page: Page) =>
  page.evaluate(() => {
    const active = (globalThis as unknown as InPage).document.activeElement;
    return { tag: active?.tagName, text: active?.textContent };
  });

beforeAll(async () => {
  h = await createHarness({}, { consoleDir: consoleDist });
  staff.moderator = await createStaff(h, ['moderator'], { displayName: '佐藤 花子' });
  staff.auditor = await createStaff(h, ['auditor'], { displayName: '鈴木 一郎' });
  staff.admin = await createStaff(h, ['admin'], { displayName: '田中 誠' });

  await ingestCall('call-pages-1', await collect(generateDemoMedia({ kind: 'mp4', seconds: 6, seed: 7 }).stream), 'video/mp4');
  const report = await fetch(`${h.baseUrl}/v1/ingest/reports`, {
    method: 'POST',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify({
      callRef: 'call-pages-1',
      reporter: 'user',
      category: 'contact_exchange',
      note: 'LINEのIDを聞かれた',
      atSeconds: 4,
    }),
  });
  expect(report.status).toBe(201);
  // Bytes ffmpeg cannot make sense of: the recording is kept and marked unplayable.
  await ingestCall('call-pages-2', Buffer.from('this is not a video file '.repeat(400)), 'video/mp4');
  await new Worker(h.ctx, { handlers: jobHandlers }).drain();

  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await h?.close();
});

describe('console pages in a browser', () => {
  it('loads the login page in under 150 KB, compressed, with hashed assets cached for a year', async () => {
    const page = await newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const responses = new Map<string, { url: string; encoding: string | undefined; cache: string | undefined }>();
    const sizes = new Map<string, number>();
    cdp.on('Network.responseReceived', (e) => {
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      responses.set(e.requestId, { url: e.response.url, encoding: headers['content-encoding'], cache: headers['cache-control'] });
    });
    cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));

    await page.goto(`${h.baseUrl}/login`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'スタッフログイン' }).waitFor();

    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    const listing = [...sizes].map(([id, bytes]) => `${bytes} ${responses.get(id)?.encoding ?? '-'} ${responses.get(id)?.url}`).join('\n');
    expect(total, `transferred on first load:\n${listing}`).toBeLessThan(LOGIN_BUDGET_BYTES);
    const assets = [...responses].filter(([, r]) => r.url.includes('/assets/'));
    expect(assets.length).toBeGreaterThan(1);
    for (const [, a] of assets) {
      expect(a.cache, a.url).toBe('public, max-age=31536000, immutable');
      // The build leaves files under 1 KiB uncompressed; every asset it compressed comes compressed.
      const file = path.join(consoleDist, 'assets', path.basename(new URL(a.url).pathname));
      if (existsSync(`${file}.br`)) expect(a.encoding, a.url).toBe('br');
    }
    expect(assets.some(([, a]) => a.encoding === 'br')).toBe(true);
    // The login page does not fetch the code of the other pages (or zod's).
    expect(assets.map(([, a]) => a.url).filter((u) => /\/(recordings?|audit|account)-[^/]+\.js$/.test(u))).toEqual([]);
    const index = [...responses.values()].find((r) => r.url === `${h.baseUrl}/login`);
    expect(index?.cache).toBe('no-cache');

    await checkPage(page, 'login');
    expect(await cspViolations(page)).toEqual([]);
  });

  it('a moderator: review queue, recordings list, purpose dialog, player with report seeking, unplayable recording, not-found page', async () => {
    const page = await newPage();
    await signIn(page, staff.moderator);
    // Reviewers start on the queue; the recordings are one link away.
    await page.getByRole('heading', { level: 1, name: 'レビューキュー' }).waitFor();
    await page.getByRole('table').waitFor();
    await checkPage(page, 'queue');
    await page.getByRole('navigation', { name: 'メインナビゲーション' }).getByRole('link', { name: '録画一覧' }).click();
    await page.getByRole('heading', { level: 1, name: '録画一覧' }).waitFor();
    await page.getByRole('link', { name: /録画 call-pages-1 を開く/ }).waitFor();
    await checkPage(page, 'recordings');

    await page.getByRole('link', { name: /録画 call-pages-1 を開く/ }).click();
    const heading = page.getByRole('heading', { level: 1, name: '録画 call-pages-1' });
    await heading.waitFor();
    // After a navigation focus is on the new page's heading.
    await expect.poll(async () => (await focusedElement(page)).text).toBe('録画 call-pages-1');

    await page.getByRole('button', { name: '閲覧目的を申告する' }).click();
    const dialog = page.getByRole('dialog', { name: '閲覧目的の申告' });
    await dialog.getByRole('radio', { name: '犯罪行為の抑制' }).check();
    const reportId = await dialog.getByLabel('報告から選ぶ').locator('option').nth(1).getAttribute('value');
    await dialog.getByLabel('報告から選ぶ').selectOption(reportId!);
    expect(await dialog.getByLabel('報告ID・案件番号').inputValue()).toBe(reportId);
    await checkPage(page, 'purpose-dialog');
    await dialog.getByRole('button', { name: '目的を記録して再生' }).click();

    const video = page.locator('video');
    await video.waitFor();
    await expect.poll(() => video.evaluate((v) => (v as unknown as Media).readyState >= 1)).toBe(true);
    // Focus went to the player.
    expect((await focusedElement(page)).tag).toBe('VIDEO');
    // The 320×180 recording keeps its shape: no wide box with the controls over the picture.
    const box = (await video.boundingBox())!;
    expect(Math.abs(box.width / box.height - 320 / 180)).toBeLessThan(0.02);
    expect(box.height).toBeLessThanOrEqual(541);

    // The report's position seeks the player.
    await page.getByRole('button', { name: '0:04 から再生' }).click();
    await expect.poll(() => video.evaluate((v) => Math.round((v as unknown as Media).currentTime))).toBe(4);
    const history = page.getByRole('region', { name: 'アクセス履歴' });
    await expect.poll(async () => (await history.innerText()).includes(reportId!), { timeout: 15_000 }).toBe(true);
    await checkPage(page, 'recording');

    // A recording ffmpeg could not read: the reason in Japanese.
    await page.goto(`${h.baseUrl}/recordings`);
    await page.getByRole('link', { name: /録画 call-pages-2 を開く/ }).click();
    await page.getByText('この録画は再生できません。').waitFor();
    await page.getByText('技術的な詳細').click();
    await checkPage(page, 'recording-unplayable');

    await page.goto(`${h.baseUrl}/no-such-page`);
    await page.getByRole('heading', { level: 1, name: 'ページが見つかりません' }).waitFor();
    await checkPage(page, 'not-found');

    expect(await cspViolations(page)).toEqual([]);
  });

  it('an auditor lands on the audit log', async () => {
    const page = await newPage();
    await signIn(page, staff.auditor);
    await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audit');
    await page.getByRole('table', { name: '監査イベント' }).getByRole('row').nth(3).waitFor();
    await checkPage(page, 'audit');
    expect(await cspViolations(page)).toEqual([]);
  });

  it('an admin lands on their account page, and is told which roles the recordings need', async () => {
    const page = await newPage();
    await signIn(page, staff.admin);
    await page.getByRole('heading', { level: 1, name: 'アカウント' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    await page.getByText(staff.admin.email).waitFor();
    await checkPage(page, 'account');

    await page.goto(`${h.baseUrl}/recordings`);
    await page.getByText('録画一覧の閲覧には「モデレーター」「リード」「監査担当」のいずれかのロールが必要です。').waitFor();
    expect(await page.getByRole('button', { name: '再試行' }).count()).toBe(0);
    await checkPage(page, 'forbidden');
  });
});
