import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleDist } from '../../scripts/console-build.mjs';
import { axeViolations, describeFindings } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { bearer, createHarness, type Harness } from '../support/harness.ts';
import { createStaff, type TestStaff } from '../support/staff.ts';

// The users'-rights pages in a real browser against the real API: upcoming deletions (a hold
// placed from the list), disclosure requests, the produced export on screen and as printed.
// Each is checked with axe-core and screenshotted for a person to look at.

const artifacts = path.resolve(import.meta.dirname, '../.artifacts');
const DAY = 86_400_000;

let h: Harness;
let browser: Browser;
let lead: TestStaff;
let admin: TestStaff;
const contexts: BrowserContext[] = [];

async function post(pathname: string, body: unknown, method = 'POST') {
  const res = await fetch(`${h.baseUrl}${pathname}`, {
    method,
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res;
}

async function call(ref: string, userRef: string, agency: { ref: string; name: string }, daysAgo: number) {
  const started = new Date(Date.now() - daysAgo * DAY);
  await post(
    `/v1/ingest/calls/${ref}`,
    {
      creator: { ref: `creator-${ref}`, name: '日向 ひな', agency },
      user: { ref: userRef },
      startedAt: started.toISOString(),
      endedAt: new Date(started.getTime() + 300_000).toISOString(),
    },
    'PUT',
  );
  const up = await fetch(`${h.baseUrl}/v1/ingest/calls/${ref}/recording`, {
    method: 'PUT',
    headers: { ...bearer(), 'content-type': 'video/mp4' },
    body: Buffer.alloc(4096, 7),
  });
  expect(up.status).toBe(201);
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, who: TestStaff) {
  await page.goto(`${h.baseUrl}/login`);
  await page.getByLabel('メールアドレス').fill(who.email);
  await page.getByLabel('パスワード').fill(who.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('navigation', { name: 'メインナビゲーション' }).waitFor();
}

async function checkPage(page: Page, name: string) {
  const { blocking, other } = await axeViolations(page);
  expect(blocking, `${name}: axe found\n${describeFindings(blocking)}\n(minor/moderate:\n${describeFindings(other)})`).toEqual([]);
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  h = await createHarness({}, { consoleDir: consoleDist });
  lead = await createStaff(h, ['lead', 'moderator'], { displayName: '鈴木 リード' });
  admin = await createStaff(h, ['admin'], { displayName: '田中 管理者' });
  const sakura = { ref: 'agency-sakura', name: '桜タレント事務所' };
  const tsuki = { ref: 'agency-tsuki', name: '月エンターテインメント' };
  await call('call-rights-1', 'u-withdrawn', sakura, 2);
  await call('call-rights-2', 'u-withdrawn', tsuki, 3);
  await call('call-rights-3', 'u-deletes', sakura, 1);
  await call('call-rights-4', 'u-asks', tsuki, 4);
  await post('/v1/ingest/reports', { callRef: 'call-rights-4', reporter: 'user', category: 'harassment', note: '暴言を受けた' });
  await post('/v1/ingest/user-events', { userRef: 'u-withdrawn', type: 'withdrawal', at: new Date(Date.now() - DAY).toISOString() });
  await post('/v1/ingest/user-events', {
    userRef: 'u-deletes',
    type: 'deletion_request',
    at: new Date().toISOString(),
    requestRef: 'del-1',
  });
  await post('/v1/ingest/user-events', {
    userRef: 'u-asks',
    type: 'disclosure_request',
    at: new Date().toISOString(),
    requestRef: 'KJ-2026-0042',
  });
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await h?.close();
});

describe("users' rights pages in a browser", () => {
  it('a lead sees upcoming deletions and places a hold from the list', async () => {
    const page = await newPage();
    await signIn(page, lead);
    await page.getByRole('navigation', { name: 'メインナビゲーション' }).getByRole('link', { name: '削除予定' }).click();
    const table = page.getByRole('table', { name: '削除予定の録画' });
    await table.getByRole('link', { name: 'call-rights-3' }).waitFor();
    expect(await table.getByRole('row').count()).toBe(4);
    await checkPage(page, 'upcoming-deletions');

    await page.getByRole('button', { name: '通話 call-rights-1 の録画に保全を設定' }).click();
    const dialog = page.getByRole('dialog', { name: '保全（リーガルホールド）を設定' });
    await dialog.getByLabel('理由').fill('利用者からの苦情に備えて保全');
    await checkPage(page, 'upcoming-deletions-hold');
    await dialog.getByRole('button', { name: '保全を設定' }).click();
    await page.getByText('通話 call-rights-1 の録画に保全を設定しました。').waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(3);

    await page.getByLabel('所属事務所ID').fill('agency-tsuki');
    await page.getByLabel('所属事務所ID').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('agency')).toBe('agency-tsuki');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
  });

  it('an admin produces a disclosure export, reads it on screen and prints it', async () => {
    const page = await newPage();
    await signIn(page, admin);
    await page.getByRole('navigation', { name: 'メインナビゲーション' }).getByRole('link', { name: '開示請求' }).click();
    await page.getByRole('link', { name: '利用者 u-asks の開示請求を開く' }).waitFor();
    await checkPage(page, 'disclosures');

    await page.getByRole('link', { name: '利用者 u-asks の開示請求を開く' }).click();
    await page.getByRole('button', { name: '開示データを作成' }).click();
    const view = page.getByRole('article', { name: '開示データ' });
    await view.getByRole('table', { name: '報告' }).getByText('暴言を受けた').waitFor();
    await page.getByRole('button', { name: '開示データを再作成' }).waitFor();
    await checkPage(page, 'disclosure-export');
    expect(await view.innerText()).not.toContain('u-withdrawn');

    // The printed page: the export alone, without the console's header or buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'メインナビゲーション' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '印刷' }).isVisible()).toBe(false);
    expect(await view.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'disclosure-export-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
