import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleDist } from '../../scripts/console-build.mjs';
import { launchChromium } from '../support/browser.ts';
import { checkPage, computedStyle, mediaState, newContext, signInAs } from '../support/console-browser.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { drainJobs } from '../support/media.ts';
import { seedPacketSource, type PacketSource } from '../support/packets.ts';
import { api } from '../support/review.ts';
import { createStaff, signIn, type TestStaff } from '../support/staff.ts';

// An evidence packet from the builder to the agency and back, in a real browser: a moderator
// cuts a clip on the recording page, a lead who is not the author approves and makes a link
// (shown once), the agency opens it in a fresh profile with the passphrase, plays the clip and
// replies; the lead revokes and the agency's next request says the link is no longer valid.

const AGENCY = { ref: 'agency-sakura', name: '桜タレント事務所' };
const RECIPIENT = '山田 花子（桜タレント事務所 法務）';
const PASSPHRASE = 'hanami-2026-kura';
const TITLE = '通話中の脅迫的な発言';

let h: Harness;
let browser: Browser;
let moderator: TestStaff;
let lead: TestStaff;
let source: PacketSource;
const contexts: BrowserContext[] = [];

async function openPage(): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  h = await createHarness({}, { consoleDir: consoleDist });
  moderator = await createStaff(h, ['moderator'], { displayName: '佐藤 花子' });
  lead = await createStaff(h, ['lead'], { displayName: '高橋 健' });
  source = await seedPacketSource(h, { kind: 'mp4', seconds: 10, seed: 5 }, { agency: AGENCY });
  // The moderator's flag on the recording, made through the API as the review page makes one.
  const flag = await api(h, await signIn(h, moderator.email, moderator.password), 'POST', `/api/recordings/${source.recordingId}/flags`, {
    category: 'threats_violence',
    severity: 'high',
    startMs: 2_000,
    endMs: 5_000,
    note: '利用者が配信者の自宅に行くと発言。',
  });
  expect(flag.status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await h?.close();
});

describe('an evidence packet in a browser', () => {
  it('is built, approved by another person, shared once, watched and answered by the agency, and revoked', async () => {
    // The moderator builds the packet on the recording page.
    const mod = await openPage();
    await signInAs(mod, h.baseUrl, moderator);
    await mod.getByRole('heading', { level: 1, name: 'レビューキュー' }).waitFor();
    await mod.goto(`${h.baseUrl}/recordings/${source.recordingId}`);
    await mod.getByRole('heading', { level: 1, name: `録画 ${source.callRef}` }).waitFor();
    await mod.getByRole('button', { name: '証拠パケットを作成' }).click();
    const builder = mod.getByRole('region', { name: '証拠パケットを作成' });
    await builder.getByText(`提供先: ${AGENCY.name}（配信者の所属事務所に固定）`).waitFor();
    await builder.getByLabel('タイトル').fill(TITLE);
    await builder.getByLabel('概要').fill('0:02 付近で利用者が配信者の自宅に行くと発言しました。該当部分のクリップをお送りします。');
    await builder.getByRole('button', { name: '範囲を追加' }).click();
    await builder.getByLabel('クリップ 1 開始').fill('0:02');
    await builder.getByLabel('クリップ 1 終了').fill('0:05');
    await builder.getByRole('checkbox', { name: /脅迫・暴力・重大/ }).check();
    await builder.getByRole('button', { name: 'パケットを作成' }).click();

    // The new packet: cutting, with progress, until the worker has cut the clip.
    await mod.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const packetUrl = mod.url();
    expect(new URL(packetUrl).pathname).toMatch(/^\/packets\/[0-9a-f-]{36}$/);
    await mod.getByText('クリップを作成しています。この画面は自動で更新されます。').waitFor();
    await drainJobs(h);
    // The author cannot approve: the page says who can.
    await mod.getByText('承認はリードが行います。').waitFor({ timeout: 20_000 });
    await checkPage(mod, 'packet-ready');

    // A lead, not the author, approves and creates a link; the token is shown once.
    const leadPage = await openPage();
    await signInAs(leadPage, h.baseUrl, lead);
    await leadPage.getByRole('heading', { level: 1, name: 'レビューキュー' }).waitFor();
    await leadPage.getByRole('navigation', { name: 'メインナビゲーション' }).getByRole('link', { name: '証拠パケット' }).click();
    await leadPage.getByRole('link', { name: `パケット「${TITLE}」を開く` }).click();
    await leadPage.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await leadPage.getByRole('button', { name: '承認する' }).click();
    await leadPage.getByText(/^高橋 健 が .+ に承認しました。$/).waitFor();
    // The custody trail's text can be selected and copied, also once the queue's styles are loaded.
    const trail = leadPage.getByRole('list', { name: /管理記録（カストディ）/ });
    await trail.getByText('パケットの承認').waitFor();
    // Its details read as a person reads them: the clip as a time range, not as JSON.
    expect(await trail.getByRole('listitem').filter({ hasText: '証拠パケットの作成' }).innerText()).toContain('clips: 0:02–0:05');
    expect(await computedStyle(trail, 'user-select')).not.toBe('none');

    await leadPage.getByRole('button', { name: 'リンクを作成' }).click();
    const create = leadPage.getByRole('dialog', { name: '共有リンクの作成' });
    await create.getByText(`提供先: ${AGENCY.name}`).waitFor();
    await create.getByLabel('受取人の氏名（事務所の担当者）').fill(RECIPIENT);
    await create.getByLabel('パスフレーズ（任意）').fill(PASSPHRASE);
    await create.getByRole('checkbox', { name: 'クリップのダウンロードを許可する' }).check();
    await create.getByRole('button', { name: 'リンクを作成' }).click();
    const created = leadPage.getByRole('dialog', { name: 'リンクを作成しました' });
    await created.getByText('このURLとトークンは二度と表示されません。', { exact: false }).waitFor();
    const url = await created.getByLabel('リンクのURL').inputValue();
    const token = await created.getByLabel('トークン').inputValue();
    expect(url).toBe(`${h.baseUrl}/share/${token}`);
    await created.getByRole('button', { name: '閉じる' }).click();
    const links = leadPage.getByRole('table', { name: '共有リンク' });
    await links.getByRole('row').filter({ hasText: RECIPIENT }).getByText('有効').waitFor();
    // Gone from the page once the dialog is closed, and never stored: only its hash is.
    expect(await leadPage.content()).not.toContain(token);
    const stored = await h.ctx.db.selectFrom('share_links').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    // The agency: a fresh profile with no staff cookie, the passphrase given by phone.
    const agencyContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    contexts.push(agencyContext);
    expect(await agencyContext.cookies()).toEqual([]);
    const agency = await agencyContext.newPage();
    await agency.goto(url);
    await agency.getByRole('heading', { level: 1, name: 'パスフレーズの入力' }).waitFor();
    await agency.getByLabel('パスフレーズ').fill(PASSPHRASE);
    await agency.getByRole('button', { name: '開く' }).click();
    await agency.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await agency.getByText(`${AGENCY.name}（${RECIPIENT} 様）宛に共有された資料です。`).waitFor();
    await agency.getByText('利用者が配信者の自宅に行くと発言。').waitFor();

    // It plays the clip (three seconds of the call), under an overlay naming the agency and the recipient.
    const clip = agency.getByLabel('クリップ 1 のプレーヤー');
    await expect.poll(async () => (await mediaState(clip)).readyState).toBeGreaterThanOrEqual(1);
    expect(await clip.evaluate((v) => Math.round((v as unknown as { duration: number }).duration))).toBe(3);
    await clip.evaluate((v) => {
      const media = v as unknown as { muted: boolean; play(): Promise<void> };
      media.muted = true;
      return media.play();
    });
    await expect.poll(async () => (await mediaState(clip)).currentTime, { timeout: 20_000 }).toBeGreaterThan(0.5);
    expect((await mediaState(clip)).error).toBeNull();
    const overlay = agency.getByTestId('clip-overlay');
    expect(await overlay.innerText()).toBe(`${AGENCY.name} ${RECIPIENT} 様`);
    expect(await overlay.isVisible()).toBe(true);
    await clip.evaluate((v) => (v as unknown as { pause(): void }).pause());
    await checkPage(agency, 'share-page');

    // It acknowledges and replies.
    await agency.getByLabel('メッセージ').fill('受け取りました。本人に確認のうえ、改めてご連絡します。');
    await agency.getByRole('checkbox', { name: '受領を確認しました' }).check();
    await agency.getByRole('button', { name: '送信' }).click();
    await agency.getByRole('status').filter({ hasText: '送信しました。' }).waitFor();
    await agency.getByRole('list', { name: '返信' }).getByText('受け取りました。本人に確認のうえ、改めてご連絡します。').waitFor();

    // The reply is on the packet in the console.
    await leadPage.reload();
    const replies = leadPage.getByRole('region', { name: /事務所からの返信/ });
    await replies.getByText('受け取りました。本人に確認のうえ、改めてご連絡します。').waitFor();
    expect(await replies.innerText()).toContain('受領確認');
    // The custody trail has the agency's steps, marked as the agency's.
    const custody = leadPage.getByRole('list', { name: /管理記録（カストディ）/ });
    const agencySteps = custody.getByRole('listitem').filter({ has: leadPage.getByText('事務所', { exact: true }) });
    for (const step of ['事務所による閲覧開始', '事務所によるクリップ再生', '事務所からの返信']) {
      await agencySteps.filter({ hasText: step }).first().waitFor();
    }

    await checkPage(leadPage, 'packet-shared');

    // The lead revokes the link.
    await leadPage.getByRole('button', { name: `${RECIPIENT} 宛のリンクを無効化` }).click();
    await leadPage.getByRole('dialog', { name: 'リンクの無効化' }).getByRole('button', { name: '無効化する' }).click();
    await links.getByRole('row').filter({ hasText: RECIPIENT }).getByText('無効化済み').waitFor();

    // The agency's next request (another reply) fails, and the page says why.
    await agency.getByLabel('メッセージ').fill('追加の資料はありますか。');
    await agency.getByRole('button', { name: '送信' }).click();
    await agency.getByRole('heading', { level: 1, name: 'このリンクは無効か、期限切れです' }).waitFor();
    await agency.getByText('リンクを送った担当者にお問い合わせください。').waitFor();
    await checkPage(agency, 'share-page-revoked');
    // A reload, and the clip itself, are refused as well.
    await agency.reload();
    await agency.getByRole('heading', { level: 1, name: 'このリンクは無効か、期限切れです' }).waitFor();
    const clipId = (await h.ctx.db.selectFrom('packet_clips').select('id').executeTakeFirstOrThrow()).id;
    expect((await agency.request.get(`${h.baseUrl}/v1/share/${token}/clips/${clipId}`)).status()).toBe(404);
  });
});
