import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { auditor, moderator } from '@/testing/data';
import { db } from '@/testing/db';
import { apiError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const player = () => document.querySelector('video, audio');

describe('recording page', () => {
  it('shows metadata and reports, but no player without a grant', async () => {
    const { container } = renderApp('/recordings/rec-1', { user: moderator });
    expect(await screen.findByRole('heading', { name: '録画 CALL-0001' })).toBeInTheDocument();
    const meta = screen.getByRole('region', { name: '録画情報' });
    expect(within(meta).getByText('2026/01/01 09:00:00')).toBeInTheDocument();
    expect(within(meta).getByText('1280 × 720')).toBeInTheDocument();
    expect(within(meta).getByText('46.0 MiB')).toBeInTheDocument();
    const hash = within(meta).getByText('a3f1c2d4e5b6…eeff00');
    expect(hash).toHaveAttribute('title', db.recordings[0]!.sha256);
    const reports = screen.getByRole('region', { name: /報告/ });
    expect(within(reports).getByText('連絡先の交換・外部への誘導')).toBeInTheDocument();
    expect(within(reports).getByText('嫌がらせ・暴言')).toBeInTheDocument();
    expect(within(reports).getByText('LINEのIDを聞かれた')).toBeInTheDocument();

    expect(screen.getByRole('button', { name: '閲覧目的を申告する' })).toBeInTheDocument();
    expect(container.querySelector('video')).toBeNull();
    expect(player()).toBeNull();
    expect(screen.queryByRole('button', { name: /へ移動/ })).not.toBeInTheDocument();
  });

  it('records the declared purpose, then plays the recording', async () => {
    const posted: Array<{ body: unknown; csrf: string | null; type: string | null }> = [];
    server.use(
      http.post('/api/recordings/:id/access', async ({ request }) => {
        posted.push({
          body: await request.clone().json(),
          csrf: request.headers.get('x-csrf-token'),
          type: request.headers.get('content-type'),
        });
        // returning nothing falls through to the default handler, which creates the grant
      }),
    );
    const { user } = renderApp('/recordings/rec-1', { user: moderator });
    await user.click(await screen.findByRole('button', { name: '閲覧目的を申告する' }));

    const dialog = screen.getByRole('dialog', { name: '閲覧目的の申告' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveTextContent('監査ログ');
    expect(within(dialog).getAllByRole('radio')).toHaveLength(4);
    await user.click(within(dialog).getByRole('radio', { name: '不法行為の抑制' }));
    await user.type(within(dialog).getByLabelText('報告ID・案件番号'), '  RPT-2026-0042 ');
    await user.click(within(dialog).getByRole('button', { name: '目的を記録して再生' }));

    await waitFor(() => expect(player()).not.toBeNull());
    expect(posted).toEqual([
      { body: { purpose: 'deter_tort', reference: 'RPT-2026-0042' }, csrf: `csrf-${moderator.id}`, type: 'application/json' },
    ]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const video = player()!;
    expect(video.tagName).toBe('VIDEO');
    expect(video).toHaveAttribute('src', '/api/recordings/rec-1/media');
    expect(video).toHaveAttribute('controls');
    expect(screen.queryByRole('button', { name: '閲覧目的を申告する' })).not.toBeInTheDocument();
    expect(screen.getByText('閲覧目的: 不法行為の抑制（RPT-2026-0042）')).toBeInTheDocument();
    expect(screen.getByText('残り 15 分')).toBeInTheDocument();

    // the thumbnail strip appears with the grant, one frame per interval
    const frames = screen.getAllByRole('button', { name: /へ移動$/ });
    expect(frames.map((b) => b.textContent)).toEqual(['0:00', '0:10', '0:20', '0:30']);
    expect(frames[2]!.querySelector('span')!.style.backgroundPosition).toBe('-256px 0px');

    // the access history is refetched and shows the new grant
    const log = screen.getByRole('region', { name: 'アクセス履歴' });
    expect(await within(log).findByText('閲覧目的の申告')).toBeInTheDocument();
    expect(within(log).getByText('RPT-2026-0042')).toBeInTheDocument();
    expect(within(log).getByText('不法行為の抑制')).toBeInTheDocument();
  });

  it('seeks the player when a thumbnail is clicked', async () => {
    db.grants.set('rec-1', {
      id: 'grant-x',
      purpose: 'deter_crime',
      reference: 'RPT-1',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    const { user } = renderApp('/recordings/rec-1', { user: moderator });
    await user.click(await screen.findByRole('button', { name: '0:20 へ移動' }));
    expect((player() as HTMLMediaElement).currentTime).toBe(20);
  });

  it('requires a purpose and a reference before posting anything', async () => {
    let posts = 0;
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST') posts += 1;
    });
    const { user } = renderApp('/recordings/rec-1', { user: moderator });
    await user.click(await screen.findByRole('button', { name: '閲覧目的を申告する' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('報告ID・案件番号'), '   ');
    await user.click(within(dialog).getByRole('button', { name: '目的を記録して再生' }));

    expect(within(dialog).getByText('閲覧目的を選択してください。')).toBeInTheDocument();
    expect(within(dialog).getByText('報告ID・案件番号を入力してください。')).toBeInTheDocument();
    expect(posts).toBe(0);
    expect(player()).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'キャンセル' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows the API error inside the dialog and no player', async () => {
    server.use(http.post('/api/recordings/:id/access', () => apiError(403, 'forbidden')));
    const { user } = renderApp('/recordings/rec-1', { user: moderator });
    await user.click(await screen.findByRole('button', { name: '閲覧目的を申告する' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: '犯罪行為の抑制' }));
    await user.type(within(dialog).getByLabelText('報告ID・案件番号'), 'RPT-9');
    await user.click(within(dialog).getByRole('button', { name: '目的を記録して再生' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('あなたのロールでは閲覧許可を取得できません。');
    expect(player()).toBeNull();
  });

  it('gives an auditor metadata but no purpose button and no player', async () => {
    renderApp('/recordings/rec-1', { user: auditor });
    expect(await screen.findByRole('heading', { name: '録画 CALL-0001' })).toBeInTheDocument();
    expect(screen.getByText(/あなたのロールでは録画メディアを閲覧できません/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '閲覧目的を申告する' })).not.toBeInTheDocument();
    expect(player()).toBeNull();
    expect(screen.getByRole('region', { name: '録画情報' })).toBeInTheDocument();
  });

  it('hides the player again when the grant expires', async () => {
    db.grants.set('rec-1', {
      id: 'grant-short',
      purpose: 'deter_crime',
      reference: 'RPT-1',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 1_000).toISOString(),
    });
    renderApp('/recordings/rec-1', { user: moderator });
    await waitFor(() => expect(player()).not.toBeNull());
    expect(screen.getByText('残り 1 分')).toBeInTheDocument();

    await waitFor(() => expect(player()).toBeNull(), { timeout: 3_000 });
    expect(screen.getByText(/閲覧許可の期限が切れました/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '閲覧目的を申告する' })).toBeInTheDocument();
  });

  it('uses an audio element for a recording without video', async () => {
    Object.assign(db.recordings[0]!, { contentType: 'audio/mp4', videoCodec: null, width: null, height: null });
    db.grants.set('rec-1', {
      id: 'grant-a',
      purpose: 'deter_crime',
      reference: 'RPT-1',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    renderApp('/recordings/rec-1', { user: moderator });
    await waitFor(() => expect(player()?.tagName).toBe('AUDIO'));
  });

  it('explains processing and unplayable recordings instead of offering playback', async () => {
    renderApp('/recordings/rec-2', { user: moderator });
    expect(await screen.findByText(/この録画は処理中です/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '閲覧目的を申告する' })).not.toBeInTheDocument();
  });

  it('shows the unplayable reason', async () => {
    renderApp('/recordings/rec-3', { user: moderator });
    expect(await screen.findByText('理由: moov atom not found')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '閲覧目的を申告する' })).not.toBeInTheDocument();
    expect(player()).toBeNull();
  });

  it('says so when the recording does not exist', async () => {
    renderApp('/recordings/missing', { user: moderator });
    expect(await screen.findByRole('alert')).toHaveTextContent('録画が見つかりません。');
  });
});
