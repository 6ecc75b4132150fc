import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleDist } from '../../scripts/console-build.mjs';
import { launchChromium } from '../support/browser.ts';
import { bearer, createHarness, type Harness } from '../support/harness.ts';
import { callApi } from '../support/http-calls.ts';
import { grantAccess, seedProcessedRecording, staffSession, type StaffSession } from '../support/seed-recording.ts';
import { AgencyClient, createLink, LINK_BODY } from '../support/shared-packet.ts';
import { drainAll } from './support/consistency.ts';
import { figure } from './support/figures.ts';

// The corpus's markup strings, stored through the real API in every free-text field the console
// and the agency's page show (report note, flag note, hold reason, account note, packet title
// and summary, link recipient, agency reply), then the pages opened in Chromium with a hook that
// records any execution. They must show as text, and run nothing.

const STRINGS = (
  JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/bad-input/strings.json'), 'utf8')) as { strings: string[] }
).strings;
const MARKUP = STRINGS.filter((s) => s.includes('__kuraXss'));
const HOSTILE = MARKUP.join(' ');

interface InPage {
  __kuraXssHits: string[];
  __kuraXss(tag: string): void;
}

let h: Harness;
let browser: Browser;
let moderator: StaffSession;
let lead: StaffSession;

beforeAll(async () => {
  h = await createHarness({}, { consoleDir: consoleDist });
  browser = await launchChromium();
  moderator = await staffSession(h, ['moderator']);
  lead = await staffSession(h, ['lead']);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function open(session: StaffSession | null, url: string): Promise<{ page: Page; hits: () => Promise<string[]> }> {
  const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  await context.addInitScript(() => {
    const w = globalThis as unknown as InPage;
    w.__kuraXssHits = [];
    w.__kuraXss = (tag: string) => w.__kuraXssHits.push(tag);
  });
  if (session) {
    const [name, value] = session.session.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: h.baseUrl }]);
  }
  const page = await context.newPage();
  await page.goto(`${h.baseUrl}${url}`);
  await page.waitForLoadState('networkidle');
  return { page, hits: () => page.evaluate(() => (globalThis as unknown as InPage).__kuraXssHits) };
}

describe('hostile text in the browser', () => {
  it('shows as text and runs nothing on the review, recording, packet and agency pages', async () => {
    const rec = await seedProcessedRecording(h);
    const callRef = rec.callRef;
    const report = await fetch(`${h.baseUrl}/v1/ingest/reports`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ callRef, reporter: 'user', category: 'other', note: HOSTILE }),
    });
    expect(report.status).toBe(201);
    const itemId = ((await report.json()) as { reviewItemId: string }).reviewItemId;
    await grantAccess(h, moderator.session, rec.recordingId);
    await grantAccess(h, lead.session, rec.recordingId);
    const ok = async (res: Response, status: number) => {
      expect(res.status, await res.clone().text()).toBe(status);
      return res.json() as Promise<{ id: string }>;
    };
    const flag = await ok(
      await callApi(h, moderator.session, 'POST', `/api/recordings/${rec.recordingId}/flags`, {
        category: 'other',
        severity: 'high',
        startMs: 0,
        endMs: 1500,
        note: HOSTILE,
      }),
      201,
    );
    await ok(await callApi(h, lead.session, 'POST', `/api/recordings/${rec.recordingId}/holds`, { reason: HOSTILE }), 201);
    await ok(await callApi(h, moderator.session, 'POST', `/api/accounts/user/user-${callRef}/notes`, { body: HOSTILE }), 201);
    const packet = await ok(
      await callApi(h, moderator.session, 'POST', '/api/packets', {
        recordingId: rec.recordingId,
        title: MARKUP[0]!.slice(0, 200),
        summary: HOSTILE,
        flagIds: [flag.id],
        clips: [{ startMs: 0, endMs: 1500 }],
      }),
      201,
    );
    await drainAll(h);
    await ok(await callApi(h, lead.session, 'POST', `/api/packets/${packet.id}/approve`, {}), 200);
    const link = await createLink(h, lead, packet.id, { ...LINK_BODY, recipientName: MARKUP[1]!.slice(0, 200) });
    const agency = new AgencyClient(h, link.token);
    expect((await agency.startSession()).status).toBe(200);
    expect((await agency.request('POST', '/replies', { body: { body: HOSTILE } })).status).toBe(201);

    const pages: [string, StaffSession | null, string][] = [
      ['review item', moderator, `/queue/${itemId}`],
      ['recording', lead, `/recordings/${rec.recordingId}`],
      ['packet', lead, `/packets/${packet.id}`],
      ['agency page', null, `/share/${link.token}`],
    ];
    let executed = 0;
    for (const [name, who, url] of pages) {
      const { page, hits } = await open(who, url);
      // The hostile markup is on the page as text (else this proves nothing), and nothing of it ran.
      await expect
        .poll(async () => (await page.locator('body').innerText()).includes('onerror='), {
          timeout: 30_000,
          message: `${name}: hostile text shown`,
        })
        .toBe(true);
      await page.waitForTimeout(500);
      const ran = await hits();
      executed += ran.length;
      expect(ran, `${name} executed hostile markup`).toEqual([]);
      await page.context().close();
    }
    // The hook itself, on a blank page with no defences (no CSP, no escaping): the same markup does run there, and is recorded.
    const control = await open(null, '/healthz');
    await control.page.goto('about:blank');
    await control.page.setContent(MARKUP[0]!);
    await expect.poll(control.hits).toEqual(['img-onerror']);
    await control.page.context().close();
    figure('bad input (browser): pages checked', pages.length);
    figure('bad input (browser): hostile strings stored per field', MARKUP.length);
    figure('bad input (browser): executions', executed);
  });
});
