import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { admin, auditor, moderator } from '@/testing/data';
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
    // ffmpeg's format family and codec ids, in the names people use; the raw value as a tooltip.
    expect(within(meta).getByText('MP4')).toHaveAttribute('title', 'mov,mp4,m4a,3gp,3g2,mj2 · video/mp4');
    expect(within(meta).getByText('H.264 / AAC')).toBeInTheDocument();
    expect(meta).not.toHaveTextContent('mov,mp4');
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

  it('shows the privacy-policy version the recording was made under beside the retention policy', async () => {
    renderApp('/recordings/rec-1', { user: moderator });
    const meta = await screen.findByRole('region', { name: '録画情報' });
    expect(within(meta).getByText('プライバシーポリシー（録画時点）').nextSibling).toHaveTextContent('2020-12-18');
    expect(within(meta).getByText('保存期間ポリシー').nextSibling).toHaveTextContent('retention-v1');
    expect(within(meta).getByText('保存期限 (JST)').nextSibling).toHaveTextContent('2026/01/31 09:12 (通常（フラグなし）)');
  });

  it('always blurs the video and thumbnails of a recording involving a minor', async () => {
    db.recordings[0]!.minor = true;
    db.grants.set('rec-1', {
      id: 'grant-m',
      purpose: 'deter_crime',
      reference: 'RPT-1',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    renderApp('/recordings/rec-1', { user: moderator });
    await waitFor(() => expect(player()).not.toBeNull());
    expect((player() as HTMLElement).style.filter).toBe('blur(28px)');
    expect(screen.getByText('未成年者が関与しているため、映像は常にぼかして表示します。')).toBeInTheDocument();
    for (const frame of screen.getAllByTestId('thumbnail-frame')) expect(frame.style.filter).toBe('blur(8px)');
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

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      '録画の再生には「モデレーター」「リード」のいずれかのロールが必要です。',
    );
    expect(player()).toBeNull();
  });

  it('gives an auditor metadata but no purpose button and no player', async () => {
    renderApp('/recordings/rec-1', { user: auditor });
    expect(await screen.findByRole('heading', { name: '録画 CALL-0001' })).toBeInTheDocument();
    expect(screen.getByText('録画の再生には「モデレーター」「リード」のいずれかのロールが必要です。')).toBeInTheDocument();
    expect(screen.getByText('録画情報のみ表示しています。')).toBeInTheDocument();
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

  it("says in Japanese why a recording is unplayable, with ffmpeg's words only as a detail", async () => {
    db.recordings[2]!.unplayableReason = 'no_decodable_stream: Invalid data found when processing input';
    renderApp('/recordings/rec-3', { user: moderator });
    expect(await screen.findByText('再生できる映像・音声のストリームが見つかりませんでした。')).toBeInTheDocument();
    const detail = screen.getByText('技術的な詳細').closest('details')!;
    expect(detail).not.toHaveAttribute('open');
    expect(within(detail).getByText('Invalid data found when processing input')).toBeInTheDocument();
    expect(screen.queryByText(/no_decodable_stream/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '閲覧目的を申告する' })).not.toBeInTheDocument();
    expect(player()).toBeNull();
  });

  it('maps each unplayable code, and an older free-text reason to a general message', async () => {
    const cases: Array<[string, string]> = [
      ['zero_duration', '録画の長さが 0 秒です。'],
      ['unreadable: moov atom not found', 'ファイルを読み取れませんでした。破損しているか、対応していない形式です。'],
      ['source_failed', '保存先から録画データを読み出せませんでした。'],
      ['moov atom not found', '録画を解析できませんでした。'],
    ];
    for (const [reason, message] of cases) {
      db.recordings[2]!.unplayableReason = reason;
      const { unmount, queryClient } = renderApp('/recordings/rec-3', { user: moderator });
      expect(await screen.findByText(message)).toBeInTheDocument();
      const hasDetail = reason.includes(':') || !reason.includes('_');
      expect(screen.queryByText('技術的な詳細') !== null).toBe(hasDetail);
      // ffmpeg's text appears only inside the closed details element.
      const raw = screen.queryByText(reason);
      if (raw) expect(raw.closest('details')).not.toBeNull();
      unmount();
      queryClient.clear();
    }
  });

  it('says so when the recording does not exist', async () => {
    renderApp('/recordings/missing', { user: moderator });
    expect(await screen.findByRole('alert')).toHaveTextContent('録画が見つかりません。');
  });

  it('moves focus to the player once the purpose is recorded', async () => {
    const { user } = renderApp('/recordings/rec-1', { user: moderator });
    await user.click(await screen.findByRole('button', { name: '閲覧目的を申告する' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: '犯罪行為の抑制' }));
    await user.type(within(dialog).getByLabelText('報告ID・案件番号'), 'RPT-1');
    await user.click(within(dialog).getByRole('button', { name: '目的を記録して再生' }));

    await waitFor(() => expect(player()).not.toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(player()));
  });

  it("keeps the player in the recording's aspect ratio", async () => {
    Object.assign(db.recordings[0]!, { width: 320, height: 180 });
    db.grants.set('rec-1', {
      id: 'grant-r',
      purpose: 'deter_crime',
      reference: 'RPT-1',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    renderApp('/recordings/rec-1', { user: moderator });
    await waitFor(() => expect(player()).not.toBeNull());
    const video = player() as HTMLVideoElement;
    expect(video.style.getPropertyValue('aspect-ratio')).toBe('320 / 180');
    expect(video.style.getPropertyValue('--player-ratio')).toBe('1.7778');
    // No fixed size from attributes: CSS sizes the box from the ratio and the height cap.
    expect(video).not.toHaveAttribute('width');
    expect(video).not.toHaveAttribute('height');
  });

  it("seeks the player to a report's position in the recording", async () => {
    const { user, unmount, queryClient } = renderApp('/recordings/rec-1', { user: moderator });
    // Without a player the position is plain text.
    const reports = await screen.findByRole('region', { name: /報告/ });
    expect(within(reports).getByText('1:35')).toBeInTheDocument();
    expect(within(reports).queryByRole('button')).not.toBeInTheDocument();
    unmount();
    queryClient.clear();

    db.grants.set('rec-1', {
      id: 'grant-s',
      purpose: 'deter_crime',
      reference: 'RPT-1',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    renderApp('/recordings/rec-1', { user: moderator });
    await waitFor(() => expect(player()).not.toBeNull());
    await user.click(await screen.findByRole('button', { name: '1:35 から再生' }));
    const media = player() as HTMLMediaElement;
    expect(media.currentTime).toBe(95);
    expect(document.activeElement).toBe(media);
  });

  it("offers the recording's reports as the reference, with their ids, and keeps free text", async () => {
    const posted: unknown[] = [];
    server.use(
      http.post('/api/recordings/:id/access', async ({ request }) => {
        posted.push(await request.clone().json());
      }),
    );
    const { user } = renderApp('/recordings/rec-1', { user: moderator });
    await user.click(await screen.findByRole('button', { name: '閲覧目的を申告する' }));
    const dialog = screen.getByRole('dialog');
    const pick = within(dialog).getByLabelText('報告から選ぶ');
    const options = within(pick)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual([
      '選択しない（案件番号を入力）',
      '連絡先の交換・外部への誘導（1:35） — 報告ID rep-1',
      '嫌がらせ・暴言 — 報告ID rep-2',
    ]);
    const reference = within(dialog).getByLabelText('報告ID・案件番号');

    await user.selectOptions(pick, 'rep-2');
    expect(reference).toHaveValue('rep-2');
    await user.selectOptions(pick, 'rep-1');
    expect(reference).toHaveValue('rep-1');
    // Typing a case number leaves the report choice.
    await user.clear(reference);
    await user.type(reference, 'CASE-77');
    expect(pick).toHaveValue('');
    await user.selectOptions(pick, 'rep-1');

    await user.click(within(dialog).getByRole('radio', { name: '被害の拡大の防止' }));
    await user.click(within(dialog).getByRole('button', { name: '目的を記録して再生' }));
    await waitFor(() => expect(player()).not.toBeNull());
    expect(posted).toEqual([{ purpose: 'prevent_damage_spread', reference: 'rep-1' }]);
  });

  it('leaves out the report picker when the recording has no reports', async () => {
    db.recordings[0]!.reports = [];
    const { user } = renderApp('/recordings/rec-1', { user: moderator });
    await user.click(await screen.findByRole('button', { name: '閲覧目的を申告する' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).queryByLabelText('報告から選ぶ')).not.toBeInTheDocument();
    expect(within(dialog).getByLabelText('報告ID・案件番号')).toBeInTheDocument();
  });

  it('tells an admin which roles may see recordings, without asking the API', async () => {
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname.startsWith('/api/recordings')) seen.push(request.url);
    });
    renderApp('/recordings/rec-1', { user: admin });
    expect(
      await screen.findByText('録画情報の閲覧には「モデレーター」「リード」「監査担当」のいずれかのロールが必要です。'),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: '録画' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '利用できるページへ移動' })).toHaveAttribute('href', '/account');
    expect(seen).toEqual([]);
  });

  it('names the roles and offers no retry when the API refuses with 403', async () => {
    server.use(http.get('/api/recordings/:id', () => apiError(403, 'forbidden', 'not allowed')));
    renderApp('/recordings/rec-1', { user: moderator });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('録画情報の閲覧には「モデレーター」「リード」「監査担当」のいずれかのロールが必要です。');
    expect(within(alert).queryByRole('button', { name: '再試行' })).not.toBeInTheDocument();
    expect(alert).not.toHaveTextContent('not allowed');
  });
});
