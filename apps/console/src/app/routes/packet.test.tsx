import { configure, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { auditor, moderator } from '@/testing/data';
import { db } from '@/testing/db';
import { otherLead, packetLead } from '@/testing/packets-data';
import { packetsDb } from '@/testing/packets-db';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

// Lazy routes on a shared, busy machine: wait up to 5 s (a wait still ends as soon as the UI is there).
configure({ asyncUtilTimeout: 5_000 });

/** Every POST the page sends, with its body and CSRF header, before the mock API answers. */
function spyOnPosts(): Array<{ path: string; body: unknown; csrf: string | null }> {
  const posts: Array<{ path: string; body: unknown; csrf: string | null }> = [];
  server.use(
    http.post('*', async ({ request }) => {
      const text = await request.clone().text();
      posts.push({
        path: new URL(request.url).pathname,
        body: text ? JSON.parse(text) : undefined,
        csrf: request.headers.get('x-csrf-token'),
      });
    }),
  );
  return posts;
}

const panel = (name: string | RegExp) => screen.getByRole('region', { name });

describe('packet page', { timeout: 20_000 }, () => {
  it('shows the packet: summary, fixed recipient, flags with notes, decision, clips with hashes', async () => {
    renderApp('/packets/pkt-ready', { user: moderator });
    expect(await screen.findByRole('heading', { level: 1, name: '連絡先の要求（CALL-0001）' })).toBeInTheDocument();
    const overview = panel('概要');
    expect(within(overview).getByText('通話中に利用者が配信者の連絡先を繰り返し尋ねました。')).toBeInTheDocument();
    expect(within(overview).getByText('星プロダクション')).toBeInTheDocument();
    expect(within(overview).getByText('提供先は配信者の所属事務所に固定されています。')).toBeInTheDocument();
    expect(within(overview).getByRole('link', { name: '録画 CALL-0001 を開く' })).toHaveAttribute('href', '/recordings/rec-1');
    expect(within(overview).getByText('2026/01/06 10:00:00')).toBeInTheDocument();

    const flags = panel(/フラグ/);
    expect(within(flags).getByText('連絡先の交換・外部への誘導')).toBeInTheDocument();
    expect(within(flags).getByText('LINE の ID を繰り返し尋ねている')).toBeInTheDocument();
    expect(within(flags).getByText('1:35–1:50')).toBeInTheDocument();
    expect(within(panel('判定')).getByText('所属事務所に連絡')).toBeInTheDocument();

    const clips = panel(/クリップ/);
    const rows = within(within(clips).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[1]!).getByText('5:00–5:12')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('完了')).toBeInTheDocument();
    expect(within(panel('署名付きマニフェスト')).getByText('承認されると、署名付きマニフェストが作成されます。')).toBeInTheDocument();
  });

  it('lets a lead who is not the author approve, then shows the manifest and the new custody event', async () => {
    const posts = spyOnPosts();
    const { user } = renderApp('/packets/pkt-ready', { user: packetLead });
    const approval = await screen.findByRole('region', { name: '承認' });
    expect(within(approval).queryByRole('checkbox')).not.toBeInTheDocument();
    await user.click(within(approval).getByRole('button', { name: '承認する' }));

    await waitFor(() => expect(within(approval).getByText(/高橋 健 が .* に承認しました。/)).toBeInTheDocument());
    expect(posts).toEqual([{ path: '/api/packets/pkt-ready/approve', body: {}, csrf: `csrf-${packetLead.id}` }]);
    expect(screen.getAllByText('承認済み').length).toBeGreaterThan(0);
    const manifest = panel('署名付きマニフェスト');
    expect(within(manifest).getByText('ed25519-0123456789abcdef')).toBeInTheDocument();
    const download = within(manifest).getByRole('link', { name: 'マニフェストをダウンロード (JSON)' });
    expect(download).toHaveAttribute('download', 'packet-pkt-ready-manifest.json');
    const json = JSON.parse(decodeURIComponent(download.getAttribute('href')!.replace(/^data:application\/json;charset=utf-8,/, '')));
    expect(json.payload.packetId).toBe('pkt-ready');
    expect(json.signature.keyId).toBe('ed25519-0123456789abcdef');
    expect(within(manifest).getByText(/pnpm kura packet verify/)).toBeInTheDocument();
    expect(within(manifest).getByRole('link', { name: '公開鍵の一覧' })).toHaveAttribute('href', '/.well-known/kura-signing-keys.json');

    const custody = panel(/管理記録（カストディ）/);
    await waitFor(() => expect(within(custody).getByText('パケットの承認')).toBeInTheDocument());
    // a withdraw is still possible: no link was ever made
    expect(within(approval).getByRole('button', { name: '承認を取り下げる' })).toBeInTheDocument();
  });

  it('offers no approval to the author, nor to a moderator', async () => {
    const posts = spyOnPosts();
    renderApp('/packets/pkt-own', { user: packetLead });
    const approval = await screen.findByRole('region', { name: '承認' });
    expect(within(approval).getByText('自分が作成したパケットは承認できません。別のリードに承認を依頼してください。')).toBeInTheDocument();
    expect(within(approval).queryByRole('button')).not.toBeInTheDocument();
    expect(posts).toHaveLength(0);
  });

  it('offers a moderator no approval and no link creation', async () => {
    renderApp('/packets/pkt-approved', { user: moderator });
    const approval = await screen.findByRole('region', { name: '承認' });
    expect(within(approval).queryByRole('button')).not.toBeInTheDocument();
    const links = panel(/共有リンク/);
    expect(within(links).getByText('リンクの作成と無効化はリードが行います。')).toBeInTheDocument();
    expect(within(links).queryByRole('button', { name: 'リンクを作成' })).not.toBeInTheDocument();
  });

  it('says it plainly when the server refuses an approval', async () => {
    server.use(
      http.post('/api/packets/:id/approve', () =>
        Response.json({ error: { code: 'recipient_changed', message: 'moved', requestId: 'req-moved' } }, { status: 409 }),
      ),
    );
    const { user } = renderApp('/packets/pkt-ready', { user: otherLead });
    const approval = await screen.findByRole('region', { name: '承認' });
    await user.click(within(approval).getByRole('button', { name: '承認する' }));
    const alert = await within(approval).findByRole('alert');
    expect(alert).toHaveTextContent('配信者の所属事務所が変わったため、このパケットは承認・共有できません。');
    expect(alert).toHaveTextContent('リクエストID: req-moved');
  });

  it('needs the extra confirmation before approving a packet that involves a minor', async () => {
    const posts = spyOnPosts();
    const { user } = renderApp('/packets/pkt-minor', { user: packetLead });
    const approval = await screen.findByRole('region', { name: '承認' });
    expect(screen.getAllByText('未成年者関与').length).toBeGreaterThan(0);
    await user.click(within(approval).getByRole('button', { name: '承認する' }));
    expect(within(approval).getByText('未成年者の関与についての確認にチェックしてください。')).toBeInTheDocument();
    const box = within(approval).getByRole('checkbox', { name: /未成年者が関与するパケットであることを確認し/ });
    expect(box).toHaveFocus();
    expect(posts).toHaveLength(0);

    await user.click(box);
    await user.click(within(approval).getByRole('button', { name: '承認する' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toMatchObject({ path: '/api/packets/pkt-minor/approve', body: { confirmMinor: true } });
    await waitFor(() => expect(within(approval).getByText(/に承認しました。/)).toBeInTheDocument());
  });

  it('withdraws an approval with a reason while no link exists, and not after', async () => {
    const posts = spyOnPosts();
    const { user } = renderApp('/packets/pkt-approved', { user: packetLead });
    const approval = await screen.findByRole('region', { name: '承認' });
    await user.click(within(approval).getByRole('button', { name: '承認を取り下げる' }));
    const dialog = screen.getByRole('dialog', { name: '承認の取り下げ' });
    await user.click(within(dialog).getByRole('button', { name: '取り下げる' }));
    expect(within(dialog).getByText('理由を入力してください。')).toBeInTheDocument();
    expect(posts).toHaveLength(0);
    await user.type(within(dialog).getByLabelText('理由'), '対象のクリップを見直すため');
    await user.click(within(dialog).getByRole('button', { name: '取り下げる' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(posts).toEqual([
      {
        path: '/api/packets/pkt-approved/approval/withdraw',
        body: { reason: '対象のクリップを見直すため' },
        csrf: `csrf-${packetLead.id}`,
      },
    ]);
    await waitFor(() => expect(within(approval).getByRole('button', { name: '承認する' })).toBeInTheDocument());
  });

  it('after sharing, offers only revocation, not withdrawal', async () => {
    renderApp('/packets/pkt-shared', { user: packetLead });
    const approval = await screen.findByRole('region', { name: '承認' });
    expect(within(approval).getByText(/承認は取り下げられません/)).toBeInTheDocument();
    expect(within(approval).queryByRole('button')).not.toBeInTheDocument();
  });

  it('creates a link and shows its URL and token once, with a copy button', async () => {
    const posts = spyOnPosts();
    const { user } = renderApp('/packets/pkt-approved', { user: packetLead });
    const links = await screen.findByRole('region', { name: /共有リンク/ });
    const opener = within(links).getByRole('button', { name: 'リンクを作成' });
    await user.click(opener);
    let dialog = screen.getByRole('dialog', { name: '共有リンクの作成' });
    expect(dialog).toHaveTextContent('提供先: 星プロダクション');
    expect(dialog).toHaveTextContent('提供先は配信者の所属事務所に固定されています。');
    expect(within(dialog).getByLabelText('有効期間（日）')).toHaveValue(7);
    expect(dialog).toHaveTextContent('パスフレーズはリンクとは別の手段（電話など）で事務所に伝えてください。');

    // out-of-range expiry, short passphrase and no recipient are caught before anything is sent
    await user.clear(within(dialog).getByLabelText('有効期間（日）'));
    await user.type(within(dialog).getByLabelText('有効期間（日）'), '31');
    await user.type(within(dialog).getByLabelText('パスフレーズ（任意）'), 'short');
    await user.click(within(dialog).getByRole('button', { name: 'リンクを作成' }));
    expect(within(dialog).getByText('受取人の氏名を入力してください。')).toBeInTheDocument();
    expect(within(dialog).getByText('有効期間は 1〜30 日の整数で入力してください。')).toBeInTheDocument();
    expect(within(dialog).getByText('パスフレーズは 8 文字以上にしてください。')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('受取人の氏名（事務所の担当者）')).toHaveFocus();
    expect(posts).toHaveLength(0);

    await user.type(within(dialog).getByLabelText('受取人の氏名（事務所の担当者）'), '山田 太郎');
    await user.clear(within(dialog).getByLabelText('有効期間（日）'));
    await user.type(within(dialog).getByLabelText('有効期間（日）'), '14');
    await user.type(within(dialog).getByLabelText('閲覧回数の上限（任意）'), '3');
    await user.type(within(dialog).getByLabelText('パスフレーズ（任意）'), '-long-enough');
    await user.click(within(dialog).getByRole('checkbox', { name: 'クリップのダウンロードを許可する' }));
    await user.click(within(dialog).getByRole('button', { name: 'リンクを作成' }));

    dialog = await screen.findByRole('dialog', { name: 'リンクを作成しました' });
    expect(posts).toEqual([
      {
        path: '/api/packets/pkt-approved/links',
        body: { recipientName: '山田 太郎', expiresInDays: 14, viewCap: 3, passphrase: 'short-long-enough', allowDownload: true },
        csrf: `csrf-${packetLead.id}`,
      },
    ]);
    expect(within(dialog).getByRole('alert')).toHaveTextContent('このURLとトークンは二度と表示されません。');
    const url = within(dialog).getByLabelText('リンクのURL') as HTMLInputElement;
    const token = within(dialog).getByLabelText('トークン') as HTMLInputElement;
    expect(url.value).toMatch(/^http:\/\/127\.0\.0\.1:8080\/share\/tok_/);
    expect(url.value.endsWith(token.value)).toBe(true);
    expect(url).toHaveAttribute('readonly');

    await user.click(within(dialog).getByRole('button', { name: 'URLをコピー' }));
    expect(await navigator.clipboard.readText()).toBe(url.value);
    expect(within(dialog).getByText('コピーしました')).toBeInTheDocument();

    const shownToken = token.value;
    await user.click(within(dialog).getByRole('button', { name: '閉じる' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    // gone for good: not in the page, not in the reopened dialog
    expect(document.body.innerHTML).not.toContain(shownToken);
    await waitFor(() => expect(within(links).getByRole('cell', { name: '山田 太郎' })).toBeInTheDocument());
    const row = within(links).getByRole('cell', { name: '山田 太郎' }).closest('tr')!;
    expect(within(row).getByText('有効')).toBeInTheDocument();
    expect(within(row).getByText('0 / 3 回')).toBeInTheDocument();
    await user.click(within(links).getByRole('button', { name: 'リンクを作成' }));
    expect(screen.getByRole('dialog', { name: '共有リンクの作成' })).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(shownToken);
  });

  it('lists links by state and revokes one after confirmation', async () => {
    const posts = spyOnPosts();
    const { user } = renderApp('/packets/pkt-shared', { user: packetLead });
    const links = await screen.findByRole('region', { name: /共有リンク/ });
    const stateOf = (name: string) => within(within(links).getByRole('cell', { name }).closest('tr')!).getAllByRole('cell')[1]!;
    expect(stateOf('山田 太郎')).toHaveTextContent('有効');
    expect(stateOf('鈴木 次郎')).toHaveTextContent('無効化済み');
    expect(stateOf('佐々木 三郎')).toHaveTextContent('期限切れ');
    expect(stateOf('伊藤 四郎')).toHaveTextContent('閲覧上限');
    expect(within(links).queryByRole('button', { name: '鈴木 次郎 宛のリンクを無効化' })).not.toBeInTheDocument();

    // cancelling sends nothing
    await user.click(within(links).getByRole('button', { name: '山田 太郎 宛のリンクを無効化' }));
    await user.click(within(screen.getByRole('dialog', { name: 'リンクの無効化' })).getByRole('button', { name: 'キャンセル' }));
    expect(posts).toHaveLength(0);

    await user.click(within(links).getByRole('button', { name: '山田 太郎 宛のリンクを無効化' }));
    const dialog = screen.getByRole('dialog', { name: 'リンクの無効化' });
    expect(dialog).toHaveTextContent('山田 太郎 宛のリンクを無効化します。');
    await user.click(within(dialog).getByRole('button', { name: '無効化する' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(posts).toEqual([{ path: '/api/links/link-live/revoke', body: undefined, csrf: `csrf-${packetLead.id}` }]);
    await waitFor(() => expect(stateOf('山田 太郎')).toHaveTextContent('無効化済み'));
    expect(stateOf('山田 太郎')).toHaveTextContent('高橋 健');
  });

  it('shows the custody trail in order, with the agency’s own steps marked', async () => {
    renderApp('/packets/pkt-shared', { user: moderator });
    const custody = await screen.findByRole('region', { name: /管理記録（カストディ）/ });
    const items = await within(custody).findAllByRole('listitem');
    expect(items.map((li) => within(li).getByRole('strong').textContent)).toEqual([
      '証拠パケットの作成',
      'クリップの作成完了',
      'パケットの承認',
      '共有リンクの作成',
      '事務所によるクリップ再生',
      '事務所からの返信',
    ]);
    const clipRead = items[4]!;
    expect(clipRead).toHaveClass('custody__item--agency');
    expect(within(clipRead).getByText('事務所')).toBeInTheDocument();
    expect(within(clipRead).getByText('所属事務所（山田 太郎）')).toBeInTheDocument();
    expect(within(clipRead).getByText('#2')).toBeInTheDocument();
    expect(within(clipRead).getByText('0–65,535')).toBeInTheDocument();
    expect(items[2]).not.toHaveClass('custody__item--agency');
    expect(within(items[2]!).getByText('田中 美咲')).toBeInTheDocument();
    expect(within(items[1]!).getByText('システム')).toBeInTheDocument();

    const replies = panel(/事務所からの返信/);
    expect(within(replies).getByText('受領しました。本人に確認します。')).toBeInTheDocument();
    expect(within(replies).getByText('受領確認')).toBeInTheDocument();
  });

  it('polls while clips are cut, showing progress, until they are ready', async () => {
    renderApp('/packets/pkt-cutting', { user: moderator });
    const clips = await screen.findByRole('region', { name: /クリップ/ });
    expect(within(clips).getByRole('status')).toHaveTextContent('クリップを作成しています。');
    expect(within(clips).getByRole('progressbar', { name: 'クリップ 2 の作成状況' })).toHaveAttribute('value', '40');
    expect(within(clips).getByText('待機中')).toBeInTheDocument();
    expect(within(clips).getByText('40%')).toBeInTheDocument();

    // the mock's cutting job advances on every read; the page keeps reading until all are done
    await waitFor(() => expect(within(clips).getAllByText('完了')).toHaveLength(3), { timeout: 8_000 });
    expect(within(clips).queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getAllByText('承認待ち').length).toBeGreaterThan(0);
    expect(packetsDb.reads.get('pkt-cutting')).toBeGreaterThanOrEqual(3);
  });

  it('shows why cutting failed', async () => {
    renderApp('/packets/pkt-failed', { user: moderator });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('クリップの作成に失敗しました');
    expect(alert).toHaveTextContent('理由: clip 2: ffmpeg exited with code 1 after 3 attempts');
    const clips = panel(/クリップ/);
    expect(within(clips).getByText('失敗の理由: ffmpeg exited with code 1 after 3 attempts')).toBeInTheDocument();
  });

  it('blocks sharing with a clear banner when the creator moved agency', async () => {
    renderApp('/packets/pkt-moved', { user: packetLead });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('このパケットは共有できません');
    expect(alert).toHaveTextContent('提供先は作成時の所属事務所に固定されているため、承認とリンクの作成はできません。');
    const approval = panel('承認');
    expect(within(approval).queryByRole('button', { name: '承認する' })).not.toBeInTheDocument();
    expect(within(approval).getByText('提供先の事務所が変わったため承認できません。')).toBeInTheDocument();
  });

  it('plays a clip for staff only after a purpose is declared on the source recording', async () => {
    const { user } = renderApp('/packets/pkt-ready', { user: moderator });
    const clips = await screen.findByRole('region', { name: /クリップ/ });
    expect(document.querySelector('video')).toBeNull();
    expect(within(clips).queryByRole('button', { name: 'クリップ 1 を再生' })).not.toBeInTheDocument();
    expect(within(clips).getByText('クリップのプレビューには、元の録画に対する閲覧目的の申告が必要です。')).toBeInTheDocument();

    await user.click(within(clips).getByRole('button', { name: '閲覧目的を申告する' }));
    const dialog = screen.getByRole('dialog', { name: '閲覧目的の申告' });
    await user.click(within(dialog).getByRole('radio', { name: '犯罪行為の抑制' }));
    await user.type(within(dialog).getByLabelText('報告ID・案件番号'), 'RPT-7');
    await user.click(within(dialog).getByRole('button', { name: '目的を記録して再生' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.grants.has('rec-1')).toBe(true);

    await user.click(await within(clips).findByRole('button', { name: 'クリップ 1 を再生' }));
    const video = document.querySelector('video')!;
    expect(video).toHaveAttribute('src', '/api/packets/pkt-ready/clips/pkt-ready-clip-1/media');
    expect(video).toHaveAttribute('aria-label', 'クリップ 1 のプレーヤー');
    expect(within(clips).getByText(/元の録画の閲覧許可あり/)).toBeInTheDocument();
  });

  it('gives an auditor the custody trail only, without reading the packet', async () => {
    const reads: string[] = [];
    server.events.on('request:start', ({ request }) => reads.push(new URL(request.url).pathname));
    renderApp('/packets/pkt-shared', { user: auditor });
    expect(await screen.findByText('監査担当は証拠パケットの管理記録（カストディ）のみ閲覧できます。')).toBeInTheDocument();
    const custody = panel(/管理記録（カストディ）/);
    await waitFor(() => expect(within(custody).getAllByRole('listitem')).toHaveLength(6));
    expect(reads).toContain('/api/packets/pkt-shared/custody');
    expect(reads).not.toContain('/api/packets/pkt-shared');
  });

  it('says when a packet does not exist', async () => {
    renderApp('/packets/pkt-nope', { user: moderator });
    expect(await screen.findByText('証拠パケットが見つかりません。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '再試行' })).not.toBeInTheDocument();
  });

  it('speaks English when asked', async () => {
    const { user } = renderApp('/packets/pkt-ready', { user: packetLead });
    await screen.findByRole('region', { name: '承認' });
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('button', { name: 'Approve' })).toBeInTheDocument();
    expect(screen.getByText('The recipient is fixed: the agency the creator belongs to.')).toBeInTheDocument();
  });
});
