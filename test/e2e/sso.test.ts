import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleIfStale, consoleDist } from '../../scripts/console-build.mjs';
import { launchChromium } from '../support/browser.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { startSso, type IdpUser, type TestIdp } from '../support/oidc-provider.ts';

const artifacts = path.resolve(import.meta.dirname, '../.artifacts');
const PASSWORD = 'correct horse battery';

const USERS: IdpUser[] = [
  { login: 'hina.sato', password: PASSWORD, email: 'hina.sato@example.co.jp', name: '佐藤 ひな', groups: ['all-staff', 'kura-moderators'] },
  { login: 'ken.ito', password: PASSWORD, email: 'ken.ito@example.co.jp', name: '伊藤 健', groups: ['kura-leads'] },
  { login: 'mio.abe', password: PASSWORD, email: 'mio.abe@example.co.jp', name: '阿部 美緒', groups: ['all-staff', 'sales'] },
];

// The provider runs on http://localhost:<port> and Kura on http://127.0.0.1:<port>: two sites to
// the browser, so the way back from the provider is a real cross-site navigation and the
// sign-in cookie's SameSite setting is put to the test.
async function signInWithCompanyAccount(page: Page, idp: TestIdp, login: string): Promise<void> {
  await page.getByRole('link', { name: '社内アカウントでログイン' }).click();
  await page.waitForURL((url) => url.origin === idp.issuer);
  await page.getByRole('heading', { name: 'Example Corp sign-in' }).waitFor();
  await page.getByLabel('Username').fill(login);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('console: staff sign in with their company account (OpenID Connect)', () => {
  let h: Harness;
  let idp: TestIdp;
  let browser: Browser;

  beforeAll(async () => {
    await buildConsoleIfStale();
    h = await createHarness({}, { consoleDir: consoleDist });
    idp = await startSso(h, { users: USERS, hostname: 'localhost' });
    browser = await launchChromium();
    await mkdir(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await h?.close();
  });

  it('signs in at the provider and lands in the console with the role mapped from the groups claim', async () => {
    const page = await browser.newPage({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    await page.goto(`${h.baseUrl}/recordings`);
    await page.getByRole('heading', { name: 'スタッフログイン' }).waitFor();
    // Both ways are offered while local passwords are on (the form follows the sign-in config, which
    // may arrive after the heading).
    await page.getByRole('link', { name: '社内アカウントでログイン' }).waitFor();
    await page.getByLabel('パスワード').waitFor();
    expect(await page.getByLabel('パスワード').count()).toBe(1);
    await page.screenshot({ path: path.join(artifacts, 'login-sso.png'), fullPage: true });

    await signInWithCompanyAccount(page, idp, 'hina.sato');

    await page.getByRole('heading', { name: '録画一覧' }).waitFor();
    expect(new URL(page.url()).origin).toBe(h.baseUrl);
    expect(new URL(page.url()).pathname).toBe('/recordings');
    const menu = page.getByRole('group', { name: 'ログイン中のユーザー' });
    await menu.getByText('佐藤 ひな').waitFor();
    expect(await menu.getByText('モデレーター').count()).toBe(1);
    // Nothing from the provider's answer is left in the address bar.
    expect(page.url()).not.toMatch(/code=|state=/);

    const user = await h.ctx.db
      .selectFrom('staff_users')
      .selectAll()
      .where('email', '=', 'hina.sato@example.co.jp')
      .executeTakeFirstOrThrow();
    expect(user.roles).toEqual(['moderator']);
    await page.close();
  });

  it('refuses a person with no mapped group, with a clear message on the login page', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    await page.goto(`${h.baseUrl}/login`);
    await signInWithCompanyAccount(page, idp, 'mio.abe');

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('このアカウントには Kura のロールが割り当てられていません。');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('heading', { name: 'スタッフログイン' }).count()).toBe(1);
    expect((await context.cookies(h.baseUrl)).some((c) => c.name === 'kura_session')).toBe(false);
    await page.screenshot({ path: path.join(artifacts, 'login-sso-no-role.png'), fullPage: true });
    await context.close();
  });
});

describe('console: local passwords switched off', () => {
  let h: Harness;
  let idp: TestIdp;
  let browser: Browser;

  beforeAll(async () => {
    await buildConsoleIfStale();
    h = await createHarness({}, { consoleDir: consoleDist });
    idp = await startSso(h, { users: USERS, hostname: 'localhost', env: { KURA_LOCAL_LOGIN: 'off' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await h?.close();
  });

  it('shows no password form, refuses POST /api/auth/login, and still signs in with the company account', async () => {
    const page = await browser.newPage({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    await page.goto(`${h.baseUrl}/login`);
    await page.getByRole('link', { name: '社内アカウントでログイン' }).waitFor();
    expect(await page.getByLabel('パスワード').count()).toBe(0);
    expect(await page.getByLabel('メールアドレス').count()).toBe(0);

    const refused = await page.evaluate(async () => {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ken.ito@example.co.jp', password: 'anything-at-all' }),
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('local_login_disabled');

    await signInWithCompanyAccount(page, idp, 'ken.ito');
    await page.getByRole('heading', { name: 'レビューキュー' }).waitFor();
    const menu = page.getByRole('group', { name: 'ログイン中のユーザー' });
    expect(await menu.getByText('リード').count()).toBe(1);
    expect(await menu.getByText('モデレーター').count()).toBe(1);
    await page.close();
  });
});
