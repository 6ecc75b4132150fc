import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeFindings } from '../../../../test/support/axe.ts';
import { launchChromium } from '../../../../test/support/browser.ts';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';

// /api/docs in a real browser under the app's own CSP: nothing refused, nothing fetched from
// elsewhere, accessible, and usable from the keyboard. (Not the console, so no console build.)

let h: Harness;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  h = await createHarness();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the API reference page', () => {
  it('renders under the CSP, loads nothing from elsewhere, passes axe and works by keyboard', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const origins = new Set<string>();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => origins.add(new URL(r.url()).origin));

    const res = await page.goto(`${h.baseUrl}/api/docs`);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Kura API');
    // Every operation is listed, and a schema link lands on its schema.
    await page.locator('a[href="#schema-RecordingDetailDto"]').first().click();
    expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe(
      '#schema-RecordingDetailDto',
    );
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { tagName: string } | null } }).document.activeElement?.tagName,
      ),
    ).toBe('A');

    const { blocking, other } = await axeViolations(page);
    expect(blocking, describeFindings([...blocking, ...other])).toEqual([]);
    expect(problems).toEqual([]);
    expect([...origins]).toEqual([h.baseUrl]);
  });
});
