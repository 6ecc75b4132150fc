import { conductCategories, severities } from '@kura/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleDist } from '../../scripts/console-build.mjs';
import { launchChromium } from '../support/browser.ts';
import { checkPage, computedFilter, focused, mediaState, newContext, signInAs } from '../support/console-browser.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { callBody, drainJobs, makeMedia, postReport, putCall, uploadRecording } from '../support/media.ts';
import { createStaff, type TestStaff } from '../support/staff.ts';

// The review loop in a real browser, as a moderator works it with the keyboard: start reviewing,
// declare a purpose, play blurred, mark a range, flag it, decide, next item. Then a lead places a
// legal hold and reopens the decision. The assertions are what a person checks on screen.

let h: Harness;
let browser: Browser;
let moderator: TestStaff;
let lead: TestStaff;
const contexts: BrowserContext[] = [];

/** A call with a real 10-second recording and its reports (each report opens or joins the call's review item). */
async function seedCall(ref: string, seed: number, reports: { category: string; atSeconds: number }[]) {
  const put = await putCall(
    h,
    ref,
    callBody({ creatorRef: `creator-${ref}`, userRef: `user-${ref}`, agencyRef: 'agency-rv', agencyName: '桜タレント事務所' }),
  );
  expect(put.status).toBe(201);
  const media = await makeMedia({ kind: 'mp4', seconds: 10, seed });
  expect((await uploadRecording(h, ref, media.bytes, media.contentType)).status).toBe(201);
  let itemId = '';
  for (const r of reports) {
    const res = await postReport(h, { callRef: ref, reporter: 'creator', ...r });
    expect(res.status).toBe(201);
    itemId = ((await res.json()) as { reviewItemId: string }).reviewItemId;
  }
  return itemId;
}

async function openPage(): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  return context.newPage();
}

let urgentItemId: string;

beforeAll(async () => {
  h = await createHarness({}, { consoleDir: consoleDist });
  moderator = await createStaff(h, ['moderator'], { displayName: '佐藤 花子' });
  lead = await createStaff(h, ['lead'], { displayName: '高橋 健' });
  // Two reports of threats make this item the most urgent; the other one waits behind it.
  urgentItemId = await seedCall('call-rv-urgent', 3, [
    { category: 'threats_violence', atSeconds: 2 },
    { category: 'threats_violence', atSeconds: 7 },
  ]);
  await seedCall('call-rv-later', 4, [{ category: 'contact_exchange', atSeconds: 4 }]);
  await drainJobs(h);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await h?.close();
});

describe('the review loop in a browser', () => {
  it('a moderator reviews with the keyboard: purpose, blurred playback, a marked range flagged, a decision, the next item', async () => {
    const page = await openPage();
    await signInAs(page, h.baseUrl, moderator);

    // The queue: both items, the urgent one first.
    await page.getByRole('heading', { level: 1, name: 'レビューキュー' }).waitFor();
    const rows = page.getByRole('table', { name: 'レビュー案件' }).getByRole('row');
    await rows.filter({ hasText: 'call-rv-later' }).waitFor();
    await expect.poll(() => rows.nth(1).innerText()).toContain('call-rv-urgent');
    await checkPage(page, 'review-queue');

    // N is "start reviewing": the most urgent unclaimed item opens, claimed by this moderator.
    await page.keyboard.press('n');
    await page.getByRole('heading', { level: 1, name: 'レビュー call-rv-urgent' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/queue/${urgentItemId}`);
    await page.getByText(/あなたが担当中/).waitFor();

    // ? lists the keys; Escape closes the list.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'キーボード操作' });
    await help.getByText('開始点をマーク').waitFor();
    expect(await help.innerText()).toContain('マークした範囲にフラグを付ける');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // K (play) before a purpose is declared opens the purpose dialog, the review item as reference.
    await page.getByRole('button', { name: /^閲覧目的を申告して再生/ }).waitFor();
    await page.keyboard.press('k');
    const purpose = page.getByRole('dialog', { name: '閲覧目的の申告' });
    await purpose.waitFor();
    expect(await purpose.getByLabel('報告ID・案件番号').inputValue()).toBe(urgentItemId);
    await purpose.getByRole('radio', { name: '禁止行為の抑制' }).check();
    await purpose.getByRole('button', { name: '目的を記録して再生' }).click();
    await purpose.waitFor({ state: 'detached' });

    // Blurred and grey by default: the wellbeing defaults are on for a new user.
    const video = page.getByTestId('review-video');
    await video.waitFor();
    await expect.poll(async () => (await mediaState(video)).readyState).toBeGreaterThanOrEqual(1);
    expect(await computedFilter(video)).toBe('blur(28px) grayscale(1)');
    // The 320×180 picture fills the panel's width in its own shape, not a thumbnail in a black band.
    const picture = (await video.boundingBox())!;
    expect(Math.abs(picture.width / picture.height - 320 / 180)).toBeLessThan(0.02);
    expect(picture.width).toBeGreaterThan(800);
    await page.getByRole('status').filter({ hasText: 'ぼかし・白黒で表示中' }).waitFor();
    // R reveals only while held.
    await page.keyboard.down('r');
    await expect.poll(() => computedFilter(video)).toBe('none');
    await page.keyboard.up('r');
    await expect.poll(() => computedFilter(video)).toBe('blur(28px) grayscale(1)');

    // ] and [ change the speed.
    const speed = page.getByLabel('再生速度');
    await page.keyboard.press(']');
    await expect.poll(() => speed.inputValue()).toBe('1.25');
    await page.keyboard.press('[');
    await expect.poll(() => speed.inputValue()).toBe('1');

    // K plays; a second or so in, K pauses and I marks the start.
    const playButton = page.getByRole('group', { name: '再生操作' }).getByRole('button', { name: /^(再生|一時停止)$/ });
    await page.keyboard.press('k');
    await expect.poll(async () => (await mediaState(video)).currentTime, { timeout: 20_000 }).toBeGreaterThan(1);
    await page.keyboard.press('k');
    await expect.poll(() => playButton.innerText()).toBe('再生');
    await page.keyboard.press('i');
    const markIn = page.getByTestId('mark-in');
    await expect.poll(() => markIn.innerText()).toMatch(/^0:0\d\.\d$/);
    // L skips 5 s on; O marks the end there.
    const before = (await mediaState(video)).currentTime;
    await page.keyboard.press('l');
    // (Never past the end of the 10-second call, however long it played on a busy machine.)
    const target = Math.min(before + 5, 10);
    await expect.poll(async () => Math.abs((await mediaState(video)).currentTime - target)).toBeLessThan(0.1);
    await page.keyboard.press('o');
    const markOut = page.getByTestId('mark-out');
    await expect.poll(() => markOut.innerText()).toMatch(/^0:0\d\.\d$/);
    const range = { start: await markIn.innerText(), end: await markOut.innerText() };

    // F flags the marked range; the dialog is filled with the keyboard alone, Ctrl+Enter saves.
    await page.keyboard.press('f');
    const flagDialog = page.getByRole('dialog', { name: 'フラグを付ける' });
    await flagDialog.waitFor();
    expect(await flagDialog.getByLabel('開始位置').inputValue()).toBe(range.start);
    expect(await flagDialog.getByLabel('終了位置').inputValue()).toBe(range.end);
    const category = flagDialog.getByLabel('規約の種類');
    await expect
      .poll(() =>
        category.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement),
      )
      .toBe(true);
    // Arrows choose in the focused list (its first option is "choose a category").
    for (let i = 0; i <= conductCategories.indexOf('threats_violence'); i++) await page.keyboard.press('ArrowDown');
    expect(await category.inputValue()).toBe('threats_violence');
    // Tab into the severity radios, arrows to "重大".
    await page.keyboard.press('Tab');
    expect((await focused(page)).tag).toBe('INPUT');
    for (let i = 0; i < severities.indexOf('high'); i++) await page.keyboard.press('ArrowRight');
    expect(await flagDialog.getByRole('radio', { name: '重大' }).isChecked()).toBe(true);
    // Past the start and end (already the marks) to the note.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect((await focused(page)).tag).toBe('TEXTAREA');
    await page.keyboard.type('利用者が配信者の自宅の場所を知っていると言い、来訪をほのめかした。');
    await page.keyboard.press('Control+Enter');
    await flagDialog.waitFor({ state: 'detached' });

    // The flag is on the timeline, where the range is.
    const marker = page.getByRole('list', { name: 'フラグ' }).getByRole('button', {
      name: `フラグ: 脅迫・暴力・重大（${range.start}–${range.end}）へ移動`,
    });
    await marker.waitFor();
    const track = (await page.getByRole('slider', { name: 'タイムライン' }).boundingBox())!;
    const box = (await marker.boundingBox())!;
    const flag = await h.ctx.db.selectFrom('flags').select(['start_ms', 'end_ms']).executeTakeFirstOrThrow();
    expect(Math.abs((box.x - track.x) / track.width - flag.start_ms / 10_000)).toBeLessThan(0.03);
    expect(Math.abs(box.width / track.width - (flag.end_ms - flag.start_ms) / 10_000)).toBeLessThan(0.03);
    await checkPage(page, 'review-item');

    // D decides, with the keyboard alone: focus starts on the outcomes, the flag is cited by default.
    await page.keyboard.press('d');
    const decision = page.getByRole('dialog', { name: '判定' });
    await decision.waitFor();
    await expect.poll(async () => (await focused(page)).tag).toBe('INPUT');
    await page.keyboard.press('ArrowDown');
    expect(await decision.getByRole('radio', { name: '利用者に警告' }).isChecked()).toBe(true);
    // Suspending and banning are for leads: shown, but not offered to a moderator.
    expect(await decision.getByRole('radio', { name: '利用者を一時停止' }).isDisabled()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await decision.getByRole('checkbox', { name: /脅迫・暴力・重大/ }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect((await focused(page)).tag).toBe('TEXTAREA');
    await page.keyboard.type('自宅への来訪をほのめかす発言を確認。初回のため警告とする。');
    await page.keyboard.press('Control+Enter');
    await decision.waitFor({ state: 'detached' });

    // The decision is in the history, the item is closed, and "next item" has focus.
    const history = page.getByTestId('decision');
    await expect.poll(() => history.count()).toBe(1);
    const entry = await history.first().innerText();
    expect(entry).toContain('利用者に警告');
    expect(entry).toContain('佐藤 花子');
    expect(entry).toContain('自宅への来訪をほのめかす発言を確認');
    expect(entry).toContain(`根拠のフラグ 1 件: 脅迫・暴力 ${range.start}–${range.end}`);
    await page.getByText('この案件は完了しました。').waitFor();
    await expect.poll(async () => (await focused(page)).text).toMatch(/^次の案件へ/);
    await checkPage(page, 'review-item-decided');

    // N: the next item.
    await page.keyboard.press('n');
    await page.getByRole('heading', { level: 1, name: 'レビュー call-rv-later' }).waitFor();
    await page.getByText(/あなたが担当中/).waitFor();
  });

  it('a lead places a legal hold and reopens the decision', async () => {
    const page = await openPage();
    await signInAs(page, h.baseUrl, lead);
    await page.getByRole('heading', { level: 1, name: 'レビューキュー' }).waitFor();
    await page.goto(`${h.baseUrl}/queue/${urgentItemId}`);
    await page.getByRole('heading', { level: 1, name: 'レビュー call-rv-urgent' }).waitFor();

    const holds = page.getByRole('region', { name: '法的保全' });
    await holds.getByText('保全はかかっていません。').waitFor();
    await holds.getByRole('button', { name: '保全をかける' }).click();
    const holdDialog = page.getByRole('dialog', { name: '法的保全をかける' });
    await holdDialog.getByLabel('理由').fill('警察からの照会（照会番号 2026-113）に備えて保全');
    await holdDialog.getByRole('button', { name: '保全をかける' }).click();
    await holdDialog.waitFor({ state: 'detached' });

    // The hold badge by the title, and the hold with who and why in the panel.
    const headBadge = page.getByTitle('この録画には法的保全がかかっています。');
    await headBadge.waitFor();
    expect(await headBadge.innerText()).toBe('保全中');
    expect(await holds.innerText()).toContain('警察からの照会（照会番号 2026-113）に備えて保全');
    expect(await holds.innerText()).toContain('高橋 健');

    // Reopen: the decision stays in the history, marked reopened with who and why; the item is open again.
    await page.getByRole('button', { name: '判定を再開' }).click();
    const reopen = page.getByRole('dialog', { name: '判定を再開' });
    await reopen.getByLabel('再開の理由').fill('利用者から異議申し立てがあったため再確認');
    await reopen.getByRole('button', { name: '再開する' }).click();
    await reopen.waitFor({ state: 'detached' });
    const entry = page.getByTestId('decision').first();
    await entry.getByText('再開済み').waitFor();
    expect(await entry.innerText()).toContain('高橋 健');
    expect(await entry.innerText()).toContain('利用者から異議申し立てがあったため再確認');
    await page.getByText(/あなたが担当中/).waitFor();
    expect(await page.getByRole('button', { name: '判定を再開' }).count()).toBe(0);
    await checkPage(page, 'review-item-lead');

    // The queue shows the hold on the item's row too.
    await page.getByRole('link', { name: /レビューキューに戻る/ }).click();
    const row = page.getByRole('table', { name: 'レビュー案件' }).getByRole('row').filter({ hasText: 'call-rv-urgent' });
    await row.getByTitle('この録画には法的保全がかかっています。').waitFor();
  });
});
