import type { ListRetentionRunsResponse, RecordingDetailDto, RetentionRunDetailDto, RetentionSettingsDto } from '@kura/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { admin, auditor, moderator } from '@/testing/data';
import { db } from '@/testing/db';
import { fill } from '@/testing/fill';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import './retention';
import './recording';

const RUN: RetentionRunDetailDto = {
  id: '6f1d2c3b-0000-4000-8000-000000000001',
  seq: 3,
  dryRun: false,
  status: 'done',
  triggeredBy: 'schedule',
  startedAt: '2026-12-01T15:00:00Z',
  finishedAt: '2026-12-01T15:00:04Z',
  scanned: 5,
  expired: 2,
  bytesFreed: 3 * 1024 * 1024,
  heldBack: { counts: { hold: 1, open_review: 0, live_packet: 2 }, sample: {} },
  errors: [],
  receiptHash: 'ab'.repeat(32),
  receipt: { payload: { type: 'kura.retention-receipt/v1', seq: 3 }, signature: { keyId: 'k1', alg: 'Ed25519', value: 'x' } },
};

function retentionApi(puts: unknown[]) {
  let settings: RetentionSettingsDto = {
    unflaggedDays: 30,
    flaggedDays: 180,
    withdrawnDays: 7,
    packetClipDays: 365,
    cron: '0 * * * *',
    enabled: true,
  };
  server.use(
    http.get('/api/retention/settings', () => HttpResponse.json(settings)),
    http.put('/api/retention/settings', async ({ request }) => {
      const body = (await request.json()) as Partial<RetentionSettingsDto>;
      puts.push(body);
      settings = { ...settings, ...body };
      return HttpResponse.json(settings);
    }),
    http.get('/api/retention/runs', () => HttpResponse.json({ runs: [RUN], nextBefore: null } satisfies ListRetentionRunsResponse)),
    http.get('/api/retention/runs/:id', () => HttpResponse.json(RUN)),
  );
}

describe('retention page', () => {
  it('lets an admin change the periods and schedule, and lists runs with their receipts', async () => {
    const puts: unknown[] = [];
    retentionApi(puts);
    const { user } = renderApp('/admin/retention', { user: admin });
    expect(await screen.findByRole('heading', { level: 1, name: '保存期間' })).toBeInTheDocument();
    const unflagged = await screen.findByLabelText('フラグのない録画（日）');
    expect(unflagged).toHaveValue(30);
    await user.clear(unflagged);
    await fill(user, unflagged, '20');
    await user.click(screen.getByRole('switch', { name: '定期実行を有効にする' }));
    await user.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('保存期間の設定を保存しました。')).toBeInTheDocument();
    expect(puts).toEqual([
      { unflaggedDays: 20, flaggedDays: 180, withdrawnDays: 7, packetClipDays: 365, cron: '0 * * * *', enabled: false },
    ]);

    const table = await screen.findByRole('table', { name: '保存期間ジョブの実行記録' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('2026/12/02 00:00');
    expect(row).toHaveTextContent('保全 1, 共有中のパケット 2');
    await user.click(within(row).getByRole('button'));
    const dialog = await screen.findByRole('dialog', { name: '実行の詳細' });
    expect(dialog).toHaveTextContent('kura.retention-receipt/v1');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('shows an auditor the settings read-only, refuses bad input for admins, and tells others it is not for them', async () => {
    const puts: unknown[] = [];
    retentionApi(puts);
    const first = renderApp('/admin/retention', { user: auditor });
    const field = await screen.findByLabelText('フラグのない録画（日）');
    expect(field).toBeDisabled();
    expect(screen.queryByRole('button', { name: '保存' })).not.toBeInTheDocument();
    first.unmount();

    const second = renderApp('/admin/retention', { user: admin });
    const cron = await screen.findByLabelText('実行スケジュール（cron 式、日本時間）');
    await second.user.clear(cron);
    await fill(second.user, cron, 'hourly');
    await second.user.click(screen.getByRole('button', { name: '保存' }));
    expect(cron).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(cron).toHaveFocus());
    expect(puts).toEqual([]);
    second.unmount();

    renderApp('/admin/retention', { user: moderator });
    expect(await screen.findByText('保存期間の設定と実行記録は、管理者と監査担当者だけが見られます。')).toBeInTheDocument();
  });
});

describe('an expired recording', () => {
  it('shows the tombstone instead of the player', async () => {
    const rec = db.recordings[0]!;
    const expired: RecordingDetailDto = {
      ...rec,
      state: 'expired',
      thumbnails: null,
      expiry: {
        expiredAt: '2026-12-01T15:00:03Z',
        reason: 'unflagged',
        runId: RUN.id,
        tombstones: [
          {
            objectId: rec.id,
            kind: 'recording',
            packetId: null,
            plaintextBytes: 1024,
            storedBytes: 1056,
            sha256: 'cd'.repeat(32),
            reason: 'unflagged',
            expiredAt: '2026-12-01T15:00:03Z',
            runId: RUN.id,
          },
        ],
      },
    };
    db.recordings[0] = expired;
    renderApp(`/recordings/${rec.id}`, { user: moderator });
    const panel = await screen.findByRole('region', { name: 'この録画は保存期間の満了により消去されました' });
    expect(panel).toHaveTextContent('フラグなし（通話終了から）');
    expect(panel).toHaveTextContent('2026/12/02 00:00');
    expect(panel).toHaveTextContent('cd'.repeat(32));
    expect(screen.queryByRole('button', { name: /目的/ })).not.toBeInTheDocument();
  });
});
