import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations, describeFindings } from './axe.ts';
import type { TestStaff } from './staff.ts';

// The browser side of the end-to-end flows: a fresh profile per person, signing in through the
// login page, and the accessibility check with a screenshot a person looks at.

export const artifacts = path.resolve(import.meta.dirname, '../.artifacts');

/** A fresh profile (no cache, no cookies): Japanese, Tokyo time, the console's usual window. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  await mkdir(artifacts, { recursive: true });
  return browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
}

/** Signs in on the login page, as a person does. */
export async function signInAs(page: Page, baseUrl: string, who: TestStaff): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('メールアドレス').fill(who.email);
  await page.getByLabel('パスワード').fill(who.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

/** Fails on serious or critical axe findings, then keeps a full-page screenshot (test/.artifacts/<name>.png). */
export async function checkPage(page: Page, name: string): Promise<void> {
  const { blocking, other } = await axeViolations(page);
  expect(blocking, `${name}: axe found\n${describeFindings(blocking)}\n(minor/moderate:\n${describeFindings(other)})`).toEqual([]);
  // From the top: a full-page shot of a scrolled page draws the sticky header halfway down.
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** What these tests read of a media element (this file is compiled without the DOM's types). */
interface MediaElement {
  currentTime: number;
  paused: boolean;
  readyState: number;
  error: { code: number } | null;
}

export const mediaState = (media: Locator) =>
  media.evaluate((node) => {
    const m = node as unknown as MediaElement;
    return { currentTime: m.currentTime, paused: m.paused, readyState: m.readyState, error: m.error?.code ?? null };
  });

/** One CSS property of an element as the page computes it now. */
export const computedStyle = (element: Locator, property: string) =>
  element.evaluate(
    (node, name) =>
      (globalThis as unknown as { getComputedStyle(n: unknown): { getPropertyValue(p: string): string } })
        .getComputedStyle(node)
        .getPropertyValue(name),
    property,
  );

/** The CSS filter the page applies to an element now (blur and greyscale of the wellbeing settings). */
export const computedFilter = (element: Locator) => computedStyle(element, 'filter');

/** The element that has focus: its tag and visible text. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const active = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string | null } | null } })
      .document.activeElement;
    return { tag: active?.tagName ?? null, text: active?.textContent ?? null };
  });
