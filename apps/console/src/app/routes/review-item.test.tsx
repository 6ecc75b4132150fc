import { accountAdminDb } from '@/testing/account-admin';
import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { moderator } from '@/testing/data';
import { db } from '@/testing/db';
import { useMediaPlaybackStub } from '@/testing/media';
import { renderApp } from '@/testing/render';
import { ids, lead } from '@/testing/review-data';
import { addReviewRecordings, reviewDb } from '@/testing/review-db';
import { server } from '@/testing/server';

useMediaPlaybackStub();
beforeEach(addReviewRecordings);

const video = () => screen.queryByTestId('review-video') as HTMLVideoElement | null;
const item = (id: string) => reviewDb.items.find((i) => i.id === id)!;
const grant = (recordingId: string) =>
  db.grants.set(recordingId, {
    id: `grant-${recordingId}`,
    purpose: 'deter_prohibited_conduct',
    reference: ids.item1,
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
  });
const claimFor = (id: string, user: { id: string; displayName: string }) =>
  Object.assign(item(id), {
    status: 'claimed',
    assignee: { id: user.id, displayName: user.displayName },
    claimExpiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
  });

async function openItem(id: string, user = moderator) {
  const rendered = renderApp(`/queue/${id}`, { user });
  await screen.findByRole('heading', { level: 1, name: /^レビュー CALL-/ });
  return rendered;
}

describe('review page', () => {
  it('shows the item, its priority reasons, reports and context, and no player before a purpose is declared', async () => {
    await openItem(ids.item1);
    expect(screen.getByRole('heading', { level: 1, name: 'レビュー CALL-0001' })).toBeInTheDocument();
    expect(screen.getByText('未着手')).toHaveClass('badge--status-open');
    expect(screen.getByText('未担当')).toBeInTheDocument();

    const summary = screen.getByRole('region', { name: '案件の概要' });
    expect(within(summary).getByText('報告の種類: 嫌がらせ・暴言')).toBeInTheDocument();
    expect(within(summary).getByText('利用者の過去の報告 3 件・違反判定 1 件')).toBeInTheDocument();
    expect(within(summary).getByText('u-1001')).toBeInTheDocument();

    const reports = screen.getByRole('region', { name: /^報告/ });
    expect(within(reports).getByText('LINEのIDを聞かれた')).toBeInTheDocument();
    expect(within(reports).getByRole('button', { name: '1:35 へ移動' })).toBeDisabled();

    const context = screen.getByRole('region', { name: 'アカウントの履歴' });
    expect(await within(context).findByText('以前にも連絡先の交換を持ちかけている')).toBeInTheDocument();
    expect(within(context).getByRole('link', { name: 'CALL-0950 のレビューを開く' })).toBeInTheDocument();
    expect(within(context).getByText('利用者に警告')).toBeInTheDocument();

    expect(screen.getByRole('button', { name: '閲覧目的を申告して再生' })).toBeInTheDocument();
    expect(video()).toBeNull();
  });

  it('pre-fills the purpose dialog with this review item, then plays blurred, greyscale and muted by default', async () => {
    const posted: unknown[] = [];
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/recordings/rec-1/access')
        posted.push(await request.clone().json());
    });
    const { user } = await openItem(ids.item1);

    await user.keyboard('k');

    const dialog = screen.getByRole('dialog', { name: '閲覧目的の申告' });
    expect(within(dialog).getByLabelText('報告ID・案件番号')).toHaveValue(ids.item1);
    await user.click(within(dialog).getByRole('radio', { name: '禁止行為の抑制' }));
    await user.click(within(dialog).getByRole('button', { name: '目的を記録して再生' }));

    await waitFor(() => expect(video()).not.toBeNull());
    expect(posted).toEqual([{ purpose: 'deter_prohibited_conduct', reference: ids.item1 }]);
    expect(screen.getByText(`閲覧目的: 禁止行為の抑制（${ids.item1}）`)).toBeInTheDocument();
    const v = video()!;
    expect(v).toHaveAttribute('src', '/api/recordings/rec-1/media');
    expect(v.style.filter).toBe('blur(28px) grayscale(1)');
    expect(v.muted).toBe(true);
    expect(screen.getByText('ぼかし・白黒で表示中')).toBeInTheDocument();
    for (const frame of screen.getAllByTestId('review-thumbnail')) expect(frame.style.filter).toBe('blur(8px)');
  });

  it('reveals while R or the button is held, and stays revealed with the toggle', async () => {
    grant('rec-1');
    const { user } = await openItem(ids.item1);
    await waitFor(() => expect(video()).not.toBeNull());
    const v = video()!;

    await user.keyboard('{r>}');
    expect(v.style.filter).toBe('');
    expect(screen.getByText('元の映像を表示中')).toBeInTheDocument();
    expect(screen.getAllByTestId('review-thumbnail')[0]!.style.filter).toBe('');
    await user.keyboard('{/r}');
    expect(v.style.filter).toBe('blur(28px) grayscale(1)');

    const hold = screen.getByRole('button', { name: '押している間だけ表示' });
    await user.pointer({ keys: '[MouseLeft>]', target: hold });
    expect(v.style.filter).toBe('');
    await user.pointer({ keys: '[/MouseLeft]', target: hold });
    expect(v.style.filter).toBe('blur(28px) grayscale(1)');

    await user.click(screen.getByRole('checkbox', { name: '元の映像を表示したままにする' }));
    expect(v.style.filter).toBe('');
    await user.keyboard('{Shift>}R{/Shift}');
    expect(v.style.filter).toBe('blur(28px) grayscale(1)');
    expect(screen.getByRole('checkbox', { name: '元の映像を表示したままにする' })).not.toBeChecked();

    // sound is its own switch
    expect(v.muted).toBe(true);
    await user.keyboard('m');
    expect(v.muted).toBe(false);
    expect(screen.getByRole('button', { name: '音声をオフにする' })).toBeInTheDocument();
  });

  it('keeps a minor blurred even when revealed', async () => {
    grant('rec-4');
    const { user } = await openItem(ids.item4, lead);
    await waitFor(() => expect(video()).not.toBeNull());
    expect(screen.getByText('未成年者が関与しているため、映像は常にぼかして表示します。')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: '元の映像を表示したままにする' }));
    expect(video()!.style.filter).toBe('blur(28px)');
    expect(screen.getAllByTestId('review-thumbnail')[0]!.style.filter).toBe('blur(8px)');
  });

  it("follows the person's own wellbeing settings", async () => {
    accountAdminDb.overrides = { blurVideo: false, muteAudio: false, blurThumbnails: false };
    grant('rec-1');
    await openItem(ids.item1);
    await waitFor(() => expect(video()).not.toBeNull());
    await waitFor(() => expect(video()!.style.filter).toBe('grayscale(1)'));
    expect(video()!.muted).toBe(false);
    expect(screen.getAllByTestId('review-thumbnail')[0]!.style.filter).toBe('');
  });

  it('puts report times and flags on the timeline; markers and report times seek the player', async () => {
    grant('rec-1');
    const { user } = await openItem(ids.item1);
    await waitFor(() => expect(video()).not.toBeNull());
    const flagLane = screen.getByRole('list', { name: 'フラグ' });
    const marker = within(flagLane).getByRole('button', { name: 'フラグ: 連絡先の交換・外部への誘導・中程度（1:30.0–1:37.5）へ移動' });
    // the retracted flag is not on the timeline, but stays in the list, marked
    expect(within(flagLane).getAllByRole('button')).toHaveLength(1);
    const flags = screen.getByRole('region', { name: /^フラグ/ });
    expect(within(flags).getByText('取り消し済み')).toBeInTheDocument();
    expect(within(flags).getByText(/冗談の範囲と判断/)).toBeInTheDocument();

    await user.click(marker);
    expect(video()!.currentTime).toBe(90);
    expect(screen.getByRole('slider', { name: 'タイムライン' })).toHaveAttribute('aria-valuenow', '90');

    const reportLane = screen.getByRole('list', { name: '報告' });
    await user.click(within(reportLane).getByRole('button', { name: '報告: 連絡先の交換・外部への誘導（1:35）へ移動' }));
    expect(video()!.currentTime).toBe(95);

    await user.click(within(screen.getByRole('region', { name: /^報告/ })).getByRole('button', { name: '1:35 へ移動' }));
    expect(video()!.currentTime).toBe(95);
  });

  it('runs the whole loop from the keyboard: play, skip, mark in and out, flag, decide, next', async () => {
    grant('rec-1');
    claimFor(ids.item1, moderator);
    const flagPosts: unknown[] = [];
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/recordings/rec-1/flags')
        flagPosts.push(await request.clone().json());
    });
    const { user, router } = await openItem(ids.item1);
    await waitFor(() => expect(video()).not.toBeNull());
    const v = video()!;

    await user.keyboard(' ');
    expect(v.paused).toBe(false);
    await user.keyboard('k');
    expect(v.paused).toBe(true);

    await user.keyboard('ll');
    expect(v.currentTime).toBe(10);
    await user.keyboard('i');
    expect(screen.getByTestId('mark-in')).toHaveTextContent('0:10.0');
    await user.keyboard('l{ArrowRight}j');
    expect(v.currentTime).toBe(15);
    await user.keyboard('..,');
    expect(v.currentTime).toBeCloseTo(15 + 1 / 30, 5);
    await user.keyboard('o');
    expect(screen.getByTestId('mark-out')).toHaveTextContent('0:15.0');
    await user.keyboard(']]');
    expect(v.playbackRate).toBe(1.5);
    await user.keyboard('[[-');
    expect(v.playbackRate).toBe(1);

    await user.keyboard('f');
    const flagDialog = screen.getByRole('dialog', { name: 'フラグを付ける' });
    expect(within(flagDialog).getByLabelText('開始位置')).toHaveValue('0:10.0');
    expect(within(flagDialog).getByLabelText('終了位置')).toHaveValue('0:15.0');
    expect(within(flagDialog).getByLabelText('規約の種類')).toHaveFocus();
    // typing in the dialog never reaches the page's keys
    await user.selectOptions(within(flagDialog).getByLabelText('規約の種類'), 'contact_exchange');
    expect(within(flagDialog).getByText('第3号 連絡先の交換・外部への誘導')).toBeInTheDocument();
    await user.click(within(flagDialog).getByRole('radio', { name: '重大' }));
    await user.type(within(flagDialog).getByLabelText('メモ'), 'kdnf 電話番号を読み上げた');
    await user.keyboard('{Control>}{Enter}{/Control}');

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(flagPosts).toEqual([
      {
        category: 'contact_exchange',
        severity: 'high',
        startMs: 10_000,
        endMs: 15_000,
        note: 'kdnf 電話番号を読み上げた',
        reviewItemId: ids.item1,
      },
    ]);
    expect(v.paused).toBe(true);
    const flagLane = screen.getByRole('list', { name: 'フラグ' });
    expect(await within(flagLane).findByRole('button', { name: /重大（0:10.0–0:15.0）/ })).toBeInTheDocument();
    expect(screen.getByTestId('mark-in')).toHaveTextContent('未設定');

    await user.keyboard('d');
    const decision = screen.getByRole('dialog', { name: '判定' });
    expect(within(decision).getByRole('radio', { name: '違反なし' })).toHaveFocus();
    await user.click(within(decision).getByRole('radio', { name: '利用者に警告' }));
    expect(within(decision).getByRole('checkbox', { name: /連絡先の交換・外部への誘導・重大（0:10.0–0:15.0）/ })).toBeChecked();
    expect(within(decision).getByText('第3号 連絡先の交換・外部への誘導')).toBeInTheDocument();
    await user.type(within(decision).getByLabelText('判断理由'), '連絡先の交換を持ちかけた');
    await user.keyboard('{Control>}{Enter}{/Control}');

    expect(await screen.findByText('この案件は完了しました。')).toBeInTheDocument();
    expect(reviewDb.decisionBodies).toEqual([
      { outcome: 'warn_user', rationale: '連絡先の交換を持ちかけた', flagIds: [ids.flag1, expect.any(String)] },
    ]);
    const history = screen.getByRole('region', { name: '判定' });
    expect(within(history).getByText('連絡先の交換を持ちかけた')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: '次の案件へ' })).toHaveFocus());

    // the moderator still holds CALL-0003: "next" hands that one back first
    await user.keyboard('n');
    await waitFor(() => expect(router.state.location.pathname).toBe(`/queue/${ids.item3}`));
    expect(await screen.findByRole('heading', { level: 1, name: 'レビュー CALL-0003' })).toHaveFocus();
  });

  it('never takes keys typed into a form field on the page', async () => {
    grant('rec-1');
    const { user } = await openItem(ids.item1);
    await waitFor(() => expect(video()).not.toBeNull());
    const context = screen.getByRole('region', { name: 'アカウントの履歴' });
    const note = await within(context).findByLabelText('利用者 u-1001 へのメモ');
    await user.type(note, 'kif dn ?');
    expect(note).toHaveValue('kif dn ?');
    expect(video()!.paused).toBe(true);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('mark-in')).toHaveTextContent('未設定');

    await user.click(within(context).getAllByRole('button', { name: '追加' })[0]!);
    expect(await within(context).findByText('kif dn ?')).toBeInTheDocument();
    expect(reviewDb.notes.get('user:u-1001')).toHaveLength(2);
  });

  it('shows suspension and ban to moderators disabled, with why, and asks for flags and a rationale', async () => {
    claimFor(ids.item1, moderator);
    const { user } = await openItem(ids.item1);
    await user.click(screen.getByRole('button', { name: '判定する' }));
    const dialog = screen.getByRole('dialog', { name: '判定' });
    expect(within(dialog).getByRole('radio', { name: /利用者を一時停止/ })).toBeDisabled();
    expect(within(dialog).getByRole('radio', { name: /利用者を利用停止（永久）/ })).toBeDisabled();
    expect(within(dialog).getByText(/リードだけが判定できます/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('radio', { name: '所属事務所に連絡' }));
    await user.click(within(dialog).getByRole('checkbox', { name: /連絡先の交換/ }));
    await user.click(within(dialog).getByRole('button', { name: '判定を記録' }));
    expect(within(dialog).getByText('この判定には根拠となるフラグが1つ以上必要です。')).toBeInTheDocument();
    expect(within(dialog).getByText('判断理由を入力してください。')).toBeInTheDocument();
    expect(reviewDb.decisionBodies).toEqual([]);

    await user.click(within(dialog).getByRole('radio', { name: 'リードにエスカレーション' }));
    await user.type(within(dialog).getByLabelText('判断理由'), '停止が必要か判断を仰ぐ');
    await user.click(within(dialog).getByRole('button', { name: '判定を記録' }));
    expect(await screen.findByText('この案件はリードのキューにあります。')).toBeInTheDocument();
    expect(reviewDb.decisionBodies).toEqual([{ outcome: 'escalate', rationale: '停止が必要か判断を仰ぐ', flagIds: [] }]);
  });

  it('lets a lead suspend a user for a number of days', async () => {
    const { user } = await openItem(ids.item4, lead);
    await user.keyboard('d');
    const dialog = screen.getByRole('dialog', { name: '判定' });
    await user.click(within(dialog).getByRole('radio', { name: /利用者を一時停止/ }));
    await user.type(within(dialog).getByLabelText('判断理由'), '未成年者への不適切な要求');
    await user.click(within(dialog).getByRole('button', { name: '判定を記録' }));
    expect(within(dialog).getByText('1〜365 日の範囲で入力してください。')).toBeInTheDocument();
    expect(within(dialog).getByText('この判定には根拠となるフラグが1つ以上必要です。')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('停止日数')).toHaveFocus();
  });

  it('keeps the decision history, marks a reopened decision, and lets a lead reopen with a reason', async () => {
    const { user } = await openItem(ids.item5, lead);
    const panel = screen.getByRole('region', { name: '判定' });
    const [first] = within(panel).getAllByTestId('decision');
    expect(within(first!).getByText('利用者に警告')).toBeInTheDocument();
    expect(within(first!).getByText('性的な要求を繰り返したため警告')).toBeInTheDocument();
    expect(within(first!).getByText(/根拠のフラグ 1 件: 性的な内容・勧誘 0:10.0–0:20.0/)).toBeInTheDocument();
    expect(within(first!).getByText('行動規範（2026年11月版）')).toBeInTheDocument();
    expect(screen.getByText('この案件は完了しました。')).toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: '判定を再開' }));
    const dialog = screen.getByRole('dialog', { name: '判定を再開' });
    await user.click(within(dialog).getByRole('button', { name: '再開する' }));
    expect(within(dialog).getByText('理由を入力してください。')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('再開の理由'), '利用者から異議申し立て');
    await user.click(within(dialog).getByRole('button', { name: '再開する' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await within(panel).findByText('再開済み')).toBeInTheDocument();
    expect(within(panel).getByText(/高橋 健 が .* に再開: 利用者から異議申し立て/)).toBeInTheDocument();
    expect(screen.getByText(/あなたが担当中/)).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: '判定する' })).toBeInTheDocument();
  });

  it('shows the hold badge; a lead places and releases holds with a reason', async () => {
    const { user } = await openItem(ids.item1, lead);
    expect(screen.queryByText('保全中')).not.toBeInTheDocument();
    const holds = screen.getByRole('region', { name: '法的保全' });
    await user.click(within(holds).getByRole('button', { name: '保全をかける' }));
    const dialog = screen.getByRole('dialog', { name: '法的保全をかける' });
    await user.type(within(dialog).getByLabelText('理由'), '弁護士からの保全要請');
    await user.click(within(dialog).getByRole('button', { name: '保全をかける' }));

    const header = screen.getByRole('heading', { level: 1 }).parentElement!;
    expect(await within(header).findByText('保全中')).toHaveClass('badge--hold');
    expect(within(holds).getByText('弁護士からの保全要請')).toBeInTheDocument();

    await user.click(within(holds).getByRole('button', { name: '保全を解除' }));
    const release = screen.getByRole('dialog', { name: '法的保全を解除' });
    await user.type(within(release).getByLabelText('理由'), '要請の取り下げ');
    await user.click(within(release).getByRole('button', { name: '解除する' }));
    await waitFor(() => expect(within(header).queryByText('保全中')).not.toBeInTheDocument());
    expect(within(holds).getByText(/要請の取り下げ/)).toBeInTheDocument();
  });

  it('hides lead-only controls from moderators: holds, reopen, reassign', async () => {
    await openItem(ids.item5);
    expect(screen.getByText('保全中', { selector: '.review-head .badge' })).toBeInTheDocument();
    const holds = screen.getByRole('region', { name: '法的保全' });
    expect(within(holds).getByText('警察からの照会に備えて保全')).toBeInTheDocument();
    expect(within(holds).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '判定を再開' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '担当を変更' })).not.toBeInTheDocument();
  });

  it('lets a lead reassign the item to another reviewer', async () => {
    claimFor(ids.item1, moderator);
    const { user } = await openItem(ids.item1, lead);
    expect(screen.getByText('佐藤 花子 さんが担当中')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '担当を変更' }));
    const dialog = screen.getByRole('dialog', { name: '担当者の割り当て' });
    expect(await within(dialog).findByRole('option', { name: '佐藤 花子（モデレーター）' })).toBeDisabled();
    await user.selectOptions(within(dialog).getByLabelText('担当者'), '伊藤 美咲（モデレーター）');
    await user.click(within(dialog).getByRole('button', { name: '割り当てる' }));
    expect(await screen.findByText('伊藤 美咲 さんが担当中')).toBeInTheDocument();
  });

  it('edits a flag keeping its history, and retracts one with a reason', async () => {
    const { user } = await openItem(ids.item1);
    const flags = screen.getByRole('region', { name: /^フラグ/ });
    const active = within(flags).getAllByTestId('flag')[0]!;
    await user.click(within(active).getByRole('button', { name: '編集' }));
    const dialog = screen.getByRole('dialog', { name: 'フラグを編集' });
    expect(within(dialog).getByLabelText('規約の種類')).toHaveValue('contact_exchange');
    await user.click(within(dialog).getByRole('radio', { name: '深刻' }));
    await user.click(within(dialog).getByRole('button', { name: '変更を保存' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const edited = within(flags).getAllByTestId('flag')[0]!;
    expect(await within(edited).findByText('第2版')).toBeInTheDocument();
    await user.click(within(edited).getByText('変更履歴（2 版）'));
    expect(within(edited).getByText(/第1版・高橋 健/)).toBeInTheDocument();
    expect(within(edited).getByText(/第2版・佐藤 花子/)).toBeInTheDocument();

    await user.click(within(edited).getByRole('button', { name: '取り消す' }));
    const retract = screen.getByRole('dialog', { name: 'フラグを取り消す' });
    await user.type(within(retract).getByLabelText('取り消しの理由'), '別の通話と取り違えた');
    await user.click(within(retract).getByRole('button', { name: '取り消す' }));
    await waitFor(() => expect(within(flags).getAllByText('取り消し済み')).toHaveLength(2));
    expect(within(flags).getByText(/別の通話と取り違えた/)).toBeInTheDocument();
  });

  it('asks for a note when the category is "other"', async () => {
    grant('rec-1');
    const { user } = await openItem(ids.item1);
    await waitFor(() => expect(video()).not.toBeNull());
    await user.keyboard('f');
    const dialog = screen.getByRole('dialog', { name: 'フラグを付ける' });
    // no marks: the five seconds up to the playhead, from the start here
    expect(within(dialog).getByLabelText('開始位置')).toHaveValue('0:00.0');
    expect(within(dialog).getByLabelText('終了位置')).toHaveValue('0:05.0');
    await user.selectOptions(within(dialog).getByLabelText('規約の種類'), 'other');
    await user.click(within(dialog).getByRole('radio', { name: '軽微' }));
    await user.clear(within(dialog).getByLabelText('終了位置'));
    await user.type(within(dialog).getByLabelText('終了位置'), '20:00');
    await user.click(within(dialog).getByRole('button', { name: 'フラグを保存' }));
    expect(within(dialog).getByText('録画の長さ（12:34）を超えています。')).toBeInTheDocument();
    expect(within(dialog).getByText('「その他」にはメモが必要です。')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('終了位置')).toHaveFocus();
  });

  it('sends exposure heartbeats while the media plays and when it pauses', async () => {
    grant('rec-1');
    const { user } = await openItem(ids.item1);
    await waitFor(() => expect(video()).not.toBeNull());
    await user.keyboard('k');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(reviewDb.heartbeats).toEqual([]);
    await user.keyboard('k');
    await waitFor(() => expect(reviewDb.heartbeats).toHaveLength(1));
    expect(reviewDb.heartbeats[0]!.recordingId).toBe('rec-1');
    expect(reviewDb.heartbeats[0]!.playedMs).toBeGreaterThanOrEqual(30);
    expect(reviewDb.heartbeats[0]!.playedMs).toBeLessThan(5_000);
  });

  it('suggests a break on the review page once today’s minutes pass the threshold, and puts it off on request', async () => {
    accountAdminDb.myExposure.totalMs = 125 * 60_000;
    accountAdminDb.settings.breakThresholdMinutes = 120;
    const { user } = await openItem(ids.item1);
    const dismiss = await screen.findByRole('button', { name: '今日はもう表示しない' });
    expect(dismiss.closest('.break-reminder')).toHaveTextContent(
      '今日の再生時間が目安の120分を超えました。画面から少し離れて休憩しましょう。',
    );
    await user.click(dismiss);
    expect(screen.queryByRole('button', { name: '今日はもう表示しない' })).not.toBeInTheDocument();
  });

  it('lists every key on ? and gives focus back when it closes', async () => {
    const { user } = await openItem(ids.item1);
    const opener = screen.getByRole('button', { name: 'キーボード操作' });
    opener.focus();
    await user.keyboard('?');
    const help = screen.getByRole('dialog', { name: 'キーボード操作' });
    for (const text of [
      '再生 / 一時停止（未申告なら目的の申告）',
      '開始点をマーク',
      '終了点をマーク',
      'マークした範囲にフラグを付ける',
      '判定する',
      '次の案件へ',
    ]) {
      expect(within(help).getByText(text)).toBeInTheDocument();
    }
    // the page's keys sleep while the overlay is open
    await user.keyboard('d');
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('says so when the item does not exist', async () => {
    renderApp('/queue/00000000-0000-4000-8000-00000000ffff', { user: moderator });
    expect(await screen.findByRole('alert')).toHaveTextContent('レビュー案件が見つかりません。');
  });

  it('explains a recording that is still processing, and an item with no recording yet', async () => {
    await openItem(ids.item2);
    expect(await screen.findByText('録画は処理中です。処理が終わると再生できます。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '閲覧目的を申告して再生' })).not.toBeInTheDocument();
  });

  it('answers a claim that lost the race with who holds the item', async () => {
    server.use(
      http.post('/api/review-items/:id/claim', () =>
        Response.json(
          {
            error: { code: 'claimed', message: 'claimed', requestId: 'req-x', details: { holder: { id: 'x', displayName: '伊藤 美咲' } } },
          },
          { status: 409 },
        ),
      ),
    );
    const { user } = await openItem(ids.item1);
    await user.click(screen.getByRole('button', { name: '担当する' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('この案件はすでに 伊藤 美咲 さんが担当しています。');
  });
});
