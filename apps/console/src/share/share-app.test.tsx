import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUDIO_TOKEN, PASSPHRASE_TOKEN, REVOKED_TOKEN, SHARE_PASSPHRASE, SHARE_TOKEN } from '@/testing/packets-data';
import { packetsDb } from '@/testing/packets-db';
import { server } from '@/testing/server';
import { ShareI18nProvider } from './i18n';
import { ShareApp } from './share-app';
import { tokenFromPath } from './token';

configure({ asyncUtilTimeout: 5_000 });

function renderShare(token: string) {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  server.events.on('request:start', async ({ request }) => {
    const text = request.method === 'POST' ? await request.clone().text() : '';
    calls.push({ method: request.method, path: new URL(request.url).pathname, body: text ? JSON.parse(text) : undefined });
  });
  const result = render(
    <ShareI18nProvider>
      <ShareApp token={token} />
    </ShareI18nProvider>,
  );
  return { ...result, calls, user: userEvent.setup() };
}

const sessionStarts = (calls: Array<{ method: string; path: string; body: unknown }>) =>
  calls.filter((c) => c.method === 'POST' && c.path.endsWith('/session'));

afterEach(() => {
  vi.useRealTimers();
});

describe('agency page', { timeout: 20_000 }, () => {
  it('opens a link: starts a session, shows the packet and plays its clips under an overlay naming agency and recipient', async () => {
    const { calls } = renderShare(SHARE_TOKEN);
    const title = await screen.findByRole('heading', { level: 1, name: '共有済みのパケット' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(document.documentElement.lang).toBe('ja');
    // a GET first (a reload keeps its running session), then the session, then the packet
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /v1/share/${SHARE_TOKEN}`,
      `POST /v1/share/${SHARE_TOKEN}/session`,
      `GET /v1/share/${SHARE_TOKEN}`,
    ]);
    expect(calls[1]!.body).toEqual({});
    expect(screen.getByText('月エンタテインメント（山田 太郎 様）宛に共有された資料です。')).toBeInTheDocument();
    expect(screen.getByText('通話中に利用者が配信者の連絡先を繰り返し尋ねました。')).toBeInTheDocument();
    expect(screen.getByText('LINE の ID を繰り返し尋ねている')).toBeInTheDocument();
    expect(screen.getByText('所属事務所に連絡')).toBeInTheDocument();

    const clips = screen.getAllByRole('article');
    expect(clips).toHaveLength(2);
    const first = clips[0]!;
    expect(within(first).getByRole('heading', { name: 'クリップ 1（1:35–1:50）' })).toBeInTheDocument();
    const video = first.querySelector('video')!;
    expect(video).toHaveAttribute('src', `/v1/share/${SHARE_TOKEN}/clips/pkt-shared-clip-1`);
    expect(video).toHaveAttribute('controlslist', 'nofullscreen nodownload');
    expect(within(first).getByRole('button', { name: 'クリップ 1 を全画面で表示' })).toBeInTheDocument();
    expect(video).toHaveAttribute('aria-label', 'クリップ 1 のプレーヤー');
    const overlay = within(first).getByTestId('clip-overlay');
    expect(overlay).toHaveTextContent('月エンタテインメント 山田 太郎 様');
    expect(overlay.parentElement).toBe(video.parentElement);
    expect(overlay).not.toHaveAttribute('aria-hidden');
    // downloads were not allowed for this link
    expect(screen.queryByRole('link', { name: /をダウンロード$/ })).not.toBeInTheDocument();
    expect(screen.getAllByText(/^[0-9a-f]{64}$/, { selector: 'dd' })).toHaveLength(2);
  });

  it('asks for the passphrase, refuses a wrong one, and opens with the right one; downloads only when allowed', async () => {
    const { user, calls } = renderShare(PASSPHRASE_TOKEN);
    const heading = await screen.findByRole('heading', { level: 1, name: 'パスフレーズの入力' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(sessionStarts(calls)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: '開く' }));
    expect(screen.getByRole('alert')).toHaveTextContent('パスフレーズを入力してください。');
    expect(sessionStarts(calls)).toHaveLength(0);

    await user.type(screen.getByLabelText('パスフレーズ'), 'not-the-one{Enter}');
    expect(await screen.findByText('パスフレーズが正しくありません。')).toBeInTheDocument();
    expect(screen.getByLabelText('パスフレーズ')).toHaveAttribute('aria-invalid', 'true');

    await user.clear(screen.getByLabelText('パスフレーズ'));
    await user.type(screen.getByLabelText('パスフレーズ'), `${SHARE_PASSPHRASE}{Enter}`);
    expect(await screen.findByRole('heading', { level: 1, name: '共有済みのパケット' })).toBeInTheDocument();
    expect(sessionStarts(calls).map((c) => c.body)).toEqual([{ passphrase: 'not-the-one' }, { passphrase: SHARE_PASSPHRASE }]);
    expect(screen.getByText(/残り閲覧回数: 2 回/)).toBeInTheDocument();

    const download = screen.getByRole('link', { name: 'クリップ 2 をダウンロード' });
    expect(download).toHaveAttribute('href', `/v1/share/${PASSPHRASE_TOKEN}/clips/pkt-shared-clip-2?download=1`);
    expect(download).toHaveAttribute('download');
    expect(screen.getAllByRole('article')[0]!.querySelector('video')).toHaveAttribute('controlslist', 'nofullscreen');
    expect(screen.getAllByTestId('clip-overlay')[0]).toHaveTextContent('月エンタテインメント 中村 花 様');
  });

  it('answers a wrong, revoked or missing token with the same calm page, and says nothing more', async () => {
    for (const token of [REVOKED_TOKEN, 'tok_never_issued_EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE']) {
      const { unmount } = renderShare(token);
      expect(await screen.findByRole('heading', { level: 1, name: 'このリンクは無効か、期限切れです' })).toBeInTheDocument();
      expect(screen.getByText('リンクを送った担当者にお問い合わせください。')).toBeInTheDocument();
      expect(screen.queryByText(/無効化|revoked|期限切れのため/)).not.toBeInTheDocument();
      expect(screen.queryByRole('article')).not.toBeInTheDocument();
      unmount();
    }
    const { calls, user } = renderShare(tokenFromPath('/share/../etc'));
    expect(await screen.findByRole('heading', { level: 1, name: 'このリンクは無効か、期限切れです' })).toBeInTheDocument();
    expect(calls).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 1, name: 'This link is invalid or has expired' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
  });

  it('asks to try later when rate-limited', async () => {
    server.use(
      http.get('/v1/share/:token', () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', message: 'slow down', requestId: 'r' } },
          { status: 429, headers: { 'Retry-After': '30' } },
        ),
      ),
    );
    const { user, calls } = renderShare(SHARE_TOKEN);
    expect(await screen.findByRole('heading', { level: 1, name: 'しばらくしてから再度お試しください' })).toBeInTheDocument();
    expect(screen.getByText('アクセスが集中しています。30 秒ほど待ってから再度お試しください。')).toBeInTheDocument();
    expect(sessionStarts(calls)).toHaveLength(0);
    server.resetHandlers();
    await user.click(screen.getByRole('button', { name: '再試行' }));
    expect(await screen.findByRole('heading', { level: 1, name: '共有済みのパケット' })).toBeInTheDocument();
  });

  it('sends a reply with an acknowledgement and lists it; an empty reply is refused', async () => {
    const { user, calls } = renderShare(SHARE_TOKEN);
    await screen.findByRole('heading', { level: 1, name: '共有済みのパケット' });
    const replies = screen.getByRole('region', { name: '返信' });
    expect(within(replies).getByText('まだ返信はありません。')).toBeInTheDocument();

    await user.click(within(replies).getByRole('button', { name: '送信' }));
    expect(within(replies).getByRole('alert')).toHaveTextContent('メッセージを入力するか、受領の確認にチェックしてください。');
    expect(packetsDb.sharePosted).toHaveLength(0);

    await user.type(within(replies).getByLabelText('メッセージ'), '本人に確認のうえ、改めてご連絡します。');
    await user.click(within(replies).getByRole('checkbox', { name: '受領を確認しました' }));
    await user.click(within(replies).getByRole('button', { name: '送信' }));
    expect(await within(replies).findByText('本人に確認のうえ、改めてご連絡します。')).toBeInTheDocument();
    expect(within(replies).getByText('受領確認')).toBeInTheDocument();
    expect(within(replies).getByRole('status')).toHaveTextContent('送信しました。');
    expect(calls.find((c) => c.path.endsWith('/replies'))?.body).toEqual({
      body: '本人に確認のうえ、改めてご連絡します。',
      acknowledge: true,
    });
    expect(within(replies).getByLabelText('メッセージ')).toHaveValue('');

    // acknowledging alone sends the words of the acknowledgement
    await user.click(within(replies).getByRole('checkbox', { name: '受領を確認しました' }));
    await user.click(within(replies).getByRole('button', { name: '送信' }));
    await waitFor(() => expect(packetsDb.sharePosted).toHaveLength(2));
    expect(packetsDb.sharePosted[1]).toEqual({ token: SHARE_TOKEN, body: '受領を確認しました。', acknowledge: true });
  });

  it('starts a new session and sends once more when the session lapsed before a reply', async () => {
    const { user, calls } = renderShare(SHARE_TOKEN);
    await screen.findByRole('heading', { level: 1, name: '共有済みのパケット' });
    packetsDb.shareSessions.clear();
    const replies = screen.getByRole('region', { name: '返信' });
    await user.type(within(replies).getByLabelText('メッセージ'), '確認しました');
    await user.click(within(replies).getByRole('button', { name: '送信' }));
    expect(await within(replies).findByText('確認しました')).toBeInTheDocument();
    expect(sessionStarts(calls)).toHaveLength(2);
    expect(packetsDb.sharePosted).toEqual([{ token: SHARE_TOKEN, body: '確認しました', acknowledge: false }]);
  });

  it('renews the session before it runs out, with the passphrase, without counting a new view', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    const { user, calls } = renderShare(PASSPHRASE_TOKEN);
    await user.type(await screen.findByLabelText('パスフレーズ'), `${SHARE_PASSPHRASE}{Enter}`);
    await screen.findByRole('heading', { level: 1, name: '共有済みのパケット' });
    const link = packetsDb.shareLinks.find((l) => l.token === PASSPHRASE_TOKEN)!;
    expect(link.views).toBe(3);
    expect(sessionStarts(calls)).toHaveLength(1);

    // sessions last 10 minutes; the page renews at 80 % of that, and again after that
    await vi.advanceTimersByTimeAsync(8 * 60_000 + 1_000);
    await waitFor(() => expect(sessionStarts(calls)).toHaveLength(2));
    expect(sessionStarts(calls)[1]!.body).toEqual({ passphrase: SHARE_PASSPHRASE });
    await vi.advanceTimersByTimeAsync(8 * 60_000 + 1_000);
    await waitFor(() => expect(sessionStarts(calls)).toHaveLength(3));
    expect(link.views).toBe(3);
    expect(screen.getByRole('heading', { level: 1, name: '共有済みのパケット' })).toBeInTheDocument();
  });

  it('shows the link as invalid when it is revoked while the page is open (at the next renewal)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    renderShare(SHARE_TOKEN);
    await screen.findByRole('heading', { level: 1, name: '共有済みのパケット' });
    packetsDb.shareLinks.find((l) => l.token === SHARE_TOKEN)!.state = 'revoked';
    await vi.advanceTimersByTimeAsync(8 * 60_000 + 1_000);
    expect(await screen.findByRole('heading', { level: 1, name: 'このリンクは無効か、期限切れです' })).toBeInTheDocument();
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
  });

  it('shows the link as invalid when a reply is refused because the link was revoked meanwhile', async () => {
    const { user } = renderShare(SHARE_TOKEN);
    await screen.findByRole('heading', { level: 1, name: '共有済みのパケット' });
    packetsDb.shareLinks.find((l) => l.token === SHARE_TOKEN)!.state = 'revoked';
    const replies = screen.getByRole('region', { name: '返信' });
    await user.type(within(replies).getByLabelText('メッセージ'), '追加の資料はありますか。');
    await user.click(within(replies).getByRole('button', { name: '送信' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'このリンクは無効か、期限切れです' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: '返信' })).not.toBeInTheDocument();
    expect(packetsDb.sharePosted).toEqual([]);
  });

  it('plays an audio-only clip as audio, still naming the recipient', async () => {
    renderShare(AUDIO_TOKEN);
    await screen.findByRole('heading', { level: 1, name: '共有済みのパケット' });
    const first = screen.getAllByRole('article')[0]!;
    expect(first.querySelector('video')).toBeNull();
    expect(first.querySelector('audio')).toHaveAttribute('src', `/v1/share/${AUDIO_TOKEN}/clips/pkt-shared-clip-1`);
    expect(within(first).getByTestId('clip-overlay')).toHaveTextContent('小林 一 様');
  });

  it('offers the manifest, shows its key id, and explains how to verify it offline', async () => {
    const { user } = renderShare(SHARE_TOKEN);
    await screen.findByRole('heading', { level: 1, name: '共有済みのパケット' });
    const section = screen.getByRole('region', { name: '署名付きマニフェスト' });
    expect(within(section).getByRole('link', { name: 'マニフェストをダウンロード (JSON)' })).toHaveAttribute(
      'href',
      `/v1/share/${SHARE_TOKEN}/manifest`,
    );
    expect(within(section).getByRole('link', { name: '公開鍵の一覧 (kura-signing-keys.json)' })).toHaveAttribute(
      'href',
      '/.well-known/kura-signing-keys.json',
    );
    expect(within(section).getByText(/pnpm kura packet verify manifest.json/)).toBeInTheDocument();
    expect(within(section).getByText(/openssl pkeyutl -verify -pubin -rawin/)).toBeInTheDocument();
    await user.click(within(section).getByRole('button', { name: 'マニフェストを表示' }));
    expect(await within(section).findByText('署名鍵ID: ed25519-0123456789abcdef')).toBeInTheDocument();
    expect(section.querySelector('pre')).toHaveTextContent('"packetId": "pkt-shared"');
  });

  it('reads the token from /share/<token> only', () => {
    expect(tokenFromPath(`/share/${SHARE_TOKEN}`)).toBe(SHARE_TOKEN);
    expect(tokenFromPath(`/share/${SHARE_TOKEN}/`)).toBe(SHARE_TOKEN);
    expect(tokenFromPath('/share/')).toBe('');
    expect(tokenFromPath('/share/a/b')).toBe('');
    expect(tokenFromPath('/recordings/x')).toBe('');
  });
});
