import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { accountAdminDb, admin } from '@/testing/account-admin';
import { auditor } from '@/testing/data';
import { apiError } from '@/testing/handlers';
import { fill } from '@/testing/fill';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
// Loaded up front: the router still resolves the page lazily, but need not wait for the first
// transform of its modules inside a test's time limit.
import './admin-settings';

function recordPuts(path: string): unknown[] {
  const bodies: unknown[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (request.method === 'PUT' && new URL(request.url).pathname === path) bodies.push(await request.clone().json());
  });
  return bodies;
}

describe('review settings', () => {
  it('shows the wellbeing defaults (on by default) and the break threshold, and saves both', async () => {
    const puts = recordPuts('/api/settings/review');
    const { user } = renderApp('/admin/settings', { user: admin });
    expect(await screen.findByRole('heading', { level: 1, name: '審査設定' })).toBeInTheDocument();
    const blur = await screen.findByRole('switch', { name: '映像をぼかす' });
    for (const name of ['映像をぼかす', '映像を白黒にする', '音声をミュートする', 'サムネイルをぼかす']) {
      expect(screen.getByRole('switch', { name })).toBeChecked();
    }
    const minutes = screen.getByLabelText('1日の再生時間の目安（分）');
    expect(minutes).toHaveValue(120);
    expect(minutes).toHaveAccessibleDescription(expect.stringContaining('10〜1440 分'));

    await user.click(screen.getByRole('switch', { name: '映像を白黒にする' }));
    await user.clear(minutes);
    await fill(user, minutes, '90');
    await user.click(screen.getByRole('button', { name: '保存する' }));

    expect(await screen.findByText('審査設定を保存しました。')).toBeInTheDocument();
    expect(puts).toEqual([
      { wellbeingDefaults: { blurVideo: true, greyscale: false, muteAudio: true, blurThumbnails: true }, breakThresholdMinutes: 90 },
    ]);
    expect(accountAdminDb.settings.breakThresholdMinutes).toBe(90);
    expect(blur).toBeChecked();
  });

  it('points at the threshold when it is out of range, without saving', async () => {
    const puts = recordPuts('/api/settings/review');
    const { user } = renderApp('/admin/settings', { user: admin });
    const minutes = await screen.findByLabelText('1日の再生時間の目安（分）');
    await user.clear(minutes);
    await fill(user, minutes, '5');
    await user.click(screen.getByRole('button', { name: '保存する' }));

    expect(minutes).toHaveAttribute('aria-invalid', 'true');
    expect(minutes).toHaveAccessibleDescription(expect.stringContaining('10〜1440 の整数で入力してください。'));
    await waitFor(() => expect(minutes).toHaveFocus());
    expect(puts).toHaveLength(0);
  });

  it('says so when saving fails, with the request id', async () => {
    server.use(http.put('/api/settings/review', () => apiError(500, 'internal')));
    const { user } = renderApp('/admin/settings', { user: admin });
    await screen.findByRole('switch', { name: '映像をぼかす' });
    await user.click(screen.getByRole('button', { name: '保存する' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('審査設定を保存できませんでした。');
    expect(alert).toHaveTextContent(/リクエストID: req-\d+/);
  });

  it('refuses non-admins without loading the settings', async () => {
    let loaded = false;
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname === '/api/settings/review') loaded = true;
    });
    renderApp('/admin/settings', { user: auditor });
    expect(await screen.findByText('審査設定は管理者ロールのユーザーのみ変更できます。')).toBeInTheDocument();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(loaded).toBe(false);
  });
});
