import type { ReviewItemDetailDto } from '@kura/contracts';
import { configure, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { packetSourceFromReviewItem } from '@/features/packets/components/packet-builder';
import { auditor, moderator } from '@/testing/data';
import { db } from '@/testing/db';
import { packetDecisions, packetFlags } from '@/testing/packets-data';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

// Lazy routes on a shared, busy machine: wait up to 5 s (a wait still ends as soon as the UI is there).
configure({ asyncUtilTimeout: 5_000 });

/** The recording's flags and its open review item's decisions, as the API would answer them. */
function serveBuilderInputs() {
  db.recordings[0]!.openReviewItemId = 'rev-0001';
  server.use(
    http.get('/api/recordings/:id/flags', ({ params }) =>
      HttpResponse.json({ items: packetFlags.filter((f) => f.recordingId === params.id) }),
    ),
    http.get('/api/review-items/:id', () => HttpResponse.json({ id: 'rev-0001', decisions: packetDecisions })),
  );
}

function spyOnCreates(): unknown[] {
  const bodies: unknown[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (request.method === 'POST' && new URL(request.url).pathname === '/api/packets') bodies.push(await request.clone().json());
  });
  return bodies;
}

async function openBuilder() {
  serveBuilderInputs();
  const app = renderApp('/recordings/rec-1', { user: moderator });
  const button = await screen.findByRole('button', { name: '証拠パケットを作成' });
  expect(button).toHaveAttribute('aria-expanded', 'false');
  await app.user.click(button);
  const form = await screen.findByRole('form', { name: '証拠パケットを作成' });
  return { ...app, form };
}

// Typing into many fields on a shared, busy machine takes longer than vitest's default 5 s.
describe('packet builder (on the recording page)', { timeout: 20_000 }, () => {
  it('validates before sending: title, summary, at least one clip, readable times in order and inside the recording', async () => {
    const creates = spyOnCreates();
    const { user, form } = await openBuilder();
    expect(screen.getByText('提供先: 星プロダクション（配信者の所属事務所に固定）')).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'パケットを作成' }));
    let alert = within(form).getByRole('alert');
    expect(alert).toHaveFocus();
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['タイトルを入力してください。', '概要を入力してください。', 'クリップを 1 件以上追加してください。']);

    await user.type(within(form).getByLabelText('タイトル'), '連絡先の要求');
    await user.type(within(form).getByLabelText('概要'), '繰り返し連絡先を尋ねた。');
    await user.click(within(form).getByRole('button', { name: '範囲を追加' }));
    await user.type(within(form).getByLabelText('クリップ 1 開始'), '1:6x');
    await user.type(within(form).getByLabelText('クリップ 1 終了'), '2:00');
    await user.click(within(form).getByRole('button', { name: '範囲を追加' }));
    await user.type(within(form).getByLabelText('クリップ 2 開始'), '3:00');
    await user.type(within(form).getByLabelText('クリップ 2 終了'), '2:59');
    await user.click(within(form).getByRole('button', { name: '範囲を追加' }));
    await user.type(within(form).getByLabelText('クリップ 3 開始'), '12:00');
    await user.type(within(form).getByLabelText('クリップ 3 終了'), '13:00');
    await user.click(within(form).getByRole('button', { name: 'パケットを作成' }));

    alert = within(form).getByRole('alert');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'クリップ 1: 時刻は 分:秒 の形式で入力してください（例 1:05）。',
      'クリップ 2: 終了は開始より後にしてください。',
      'クリップ 3: 録画の長さ（12:34）を超えています。',
    ]);
    expect(within(form).getByLabelText('クリップ 1 開始')).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText('クリップ 1 終了')).not.toHaveAttribute('aria-invalid');
    expect(within(form).getByLabelText('クリップ 3 終了')).toHaveAttribute('aria-invalid', 'true');
    expect(creates).toHaveLength(0);

    // removing the bad ranges leaves no problem with the ranges
    for (const n of [3, 2, 1]) await user.click(within(form).getByRole('button', { name: `クリップ ${n} を削除` }));
    expect(within(form).queryByLabelText('クリップ 1 開始')).not.toBeInTheDocument();
    expect(within(form).getByRole('button', { name: '範囲を追加' })).toHaveFocus();
  });

  it('takes a range from a flag with one click and includes that flag; retracted flags are not offered', async () => {
    const { user, form } = await openBuilder();
    const flags = within(form).getByRole('group', { name: '含めるフラグ' });
    expect(within(flags).getAllByRole('checkbox')).toHaveLength(2);
    expect(within(flags).queryByText(/ヘイト・差別/)).not.toBeInTheDocument();
    expect(within(flags).getByText('LINE の ID を繰り返し尋ねている')).toBeInTheDocument();
    const contact = within(flags).getByRole('checkbox', { name: '連絡先の交換・外部への誘導・重大・1:35–1:50' });
    expect(contact).not.toBeChecked();

    await user.click(within(flags).getByRole('button', { name: 'フラグの範囲 1:35–1:50 をクリップに追加' }));
    expect(within(form).getByLabelText('クリップ 1 開始')).toHaveValue('1:35');
    expect(within(form).getByLabelText('クリップ 1 終了')).toHaveValue('1:50');
    expect(contact).toBeChecked();

    // a flag off whole seconds keeps its milliseconds
    await user.click(within(flags).getByRole('button', { name: 'フラグの範囲 5:00.25–5:12 をクリップに追加' }));
    expect(within(form).getByLabelText('クリップ 2 開始')).toHaveValue('5:00.25');
  });

  it('stops at 20 clips', async () => {
    const { user, form } = await openBuilder();
    const add = within(form).getByRole('button', { name: '範囲を追加' });
    for (let i = 0; i < 20; i += 1) await user.click(add);
    expect(within(form).getByLabelText('クリップ 20 開始')).toBeInTheDocument();
    expect(add).toBeDisabled();
    expect(within(form).getByRole('button', { name: 'フラグの範囲 1:35–1:50 をクリップに追加' })).toBeDisabled();
    expect(within(form).queryByLabelText('クリップ 21 開始')).not.toBeInTheDocument();
  });

  it('submits ranges, flags and a decision, then opens the new packet', async () => {
    const creates = spyOnCreates();
    const { user, form, router } = await openBuilder();
    await user.type(within(form).getByLabelText('タイトル'), '連絡先の要求（CALL-0001）');
    await user.type(within(form).getByLabelText('概要'), '通話中に連絡先を繰り返し尋ねた。');
    await user.click(within(form).getByRole('button', { name: 'フラグの範囲 1:35–1:50 をクリップに追加' }));
    await user.click(within(form).getByRole('button', { name: '範囲を追加' }));
    await user.type(within(form).getByLabelText('クリップ 2 開始'), '0:10');
    await user.type(within(form).getByLabelText('クリップ 2 終了'), '0:20');
    await user.click(within(form).getByRole('checkbox', { name: /嫌がらせ・暴言/ }));
    const decision = within(form).getByLabelText('判定（任意）');
    // the reopened decision is not offered
    expect(
      within(decision)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['含めない', '所属事務所に連絡（2026/01/05 11:00）']);
    await user.selectOptions(decision, 'dec-1');
    await user.click(within(form).getByRole('button', { name: 'パケットを作成' }));

    // the packet page is a lazy route: its first load may take a moment on a busy machine
    await waitFor(() => expect(router.state.location.pathname).toBe('/packets/pkt-new-1'), { timeout: 5_000 });
    expect(creates).toEqual([
      {
        recordingId: 'rec-1',
        title: '連絡先の要求（CALL-0001）',
        summary: '通話中に連絡先を繰り返し尋ねた。',
        flagIds: ['flag-contact', 'flag-harass'],
        decisionId: 'dec-1',
        clips: [
          { startMs: 95_000, endMs: 110_000 },
          { startMs: 10_000, endMs: 20_000 },
        ],
      },
    ]);
    expect(await screen.findByRole('heading', { level: 1, name: '連絡先の要求（CALL-0001）' }, { timeout: 5_000 })).toBeInTheDocument();
    expect(screen.getAllByText('クリップ作成中').length).toBeGreaterThan(0);
  });

  it('is not offered to an auditor, nor for a recording that cannot be played', async () => {
    renderApp('/recordings/rec-1', { user: auditor });
    await screen.findByRole('heading', { name: '録画 CALL-0001' });
    expect(screen.queryByRole('button', { name: '証拠パケットを作成' })).not.toBeInTheDocument();
  });

  it('explains why a packet cannot be built from an unplayable recording', async () => {
    renderApp('/recordings/rec-3', { user: moderator });
    expect(await screen.findByText('再生可能な録画からのみパケットを作成できます。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '証拠パケットを作成' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'この録画の証拠パケット' })).toHaveAttribute('href', '/packets?recording=rec-3');
  });

  it('takes its source from a review item too (the review page integration)', () => {
    const item = {
      call: { id: 'call-1', ref: 'CALL-0001', startedAt: '', endedAt: '' },
      recording: { id: 'rec-1', state: 'ready', durationMs: 754_000 },
      agency: { ref: 'ag-hoshi', name: '星プロダクション' },
    } as unknown as ReviewItemDetailDto;
    expect(packetSourceFromReviewItem(item)).toEqual({
      recordingId: 'rec-1',
      callRef: 'CALL-0001',
      durationMs: 754_000,
      agency: { ref: 'ag-hoshi', name: '星プロダクション' },
    });
    expect(packetSourceFromReviewItem({ ...item, recording: null })).toBeNull();
  });
});
