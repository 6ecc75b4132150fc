import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { accountAdminDb, admin } from '@/testing/account-admin';
import { auditor, moderator, PASSWORD } from '@/testing/data';
import { apiError } from '@/testing/handlers';
import { fill } from '@/testing/fill';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
// Loaded up front: the router still resolves the page lazily, but need not wait for the first
// transform of its modules inside a test's time limit.
import './account';

function recordBodies(method: string, path: string): unknown[] {
  const bodies: unknown[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (request.method !== method || new URL(request.url).pathname !== path) return;
    const text = await request.clone().text();
    bodies.push(text ? JSON.parse(text) : null);
  });
  return bodies;
}

const section = (name: string) => screen.getByRole('region', { name });

describe('my account', () => {
  it('shows the signed-in person their name, email and roles', async () => {
    renderApp('/account', { user: moderator });
    expect(await screen.findByRole('heading', { level: 1, name: 'アカウント' })).toBeInTheDocument();
    const profile = section('プロフィール');
    expect(within(profile).getByText(moderator.displayName)).toBeInTheDocument();
    expect(within(profile).getByText(moderator.email)).toBeInTheDocument();
    expect(within(profile).getByText('モデレーター')).toBeInTheDocument();
  });

  describe('wellbeing preferences', () => {
    it('overrides a default for oneself and resets it to follow the organisation again', async () => {
      const puts = recordBodies('PUT', '/api/me/preferences');
      const { user } = renderApp('/account', { user: moderator });
      const blur = await screen.findByRole('switch', { name: '映像をぼかす' });
      expect(blur).toBeChecked();
      expect(blur).toHaveAccessibleDescription('組織の既定（オン）に従っています');
      expect(screen.queryByRole('button', { name: /既定に戻す/ })).not.toBeInTheDocument();

      await user.click(blur);

      await waitFor(() => expect(blur).toHaveAccessibleDescription('個人設定です（組織の既定はオン）'));
      expect(blur).not.toBeChecked();
      expect(puts).toEqual([{ wellbeing: { blurVideo: false } }]);
      expect(await screen.findByText('見守り表示の設定を保存しました。')).toBeInTheDocument();
      expect(screen.getByRole('switch', { name: '音声をミュートする' })).toHaveAccessibleDescription('組織の既定（オン）に従っています');

      await user.click(screen.getByRole('switch', { name: '音声をミュートする' }));
      await waitFor(() => expect(puts).toHaveLength(2));
      expect(puts[1]).toEqual({ wellbeing: { blurVideo: false, muteAudio: false } });

      await user.click(await screen.findByRole('button', { name: '「映像をぼかす」を組織の既定に戻す' }));

      await waitFor(() => expect(blur).toHaveAccessibleDescription('組織の既定（オン）に従っています'));
      expect(blur).toBeChecked();
      expect(puts[2]).toEqual({ wellbeing: { muteAudio: false } });
      expect(accountAdminDb.overrides).toEqual({ muteAudio: false });
    });

    it('shows an override of a default that is off, and switching back to the default follows it', async () => {
      accountAdminDb.settings.wellbeingDefaults.greyscale = false;
      accountAdminDb.overrides = { greyscale: true };
      const puts = recordBodies('PUT', '/api/me/preferences');
      const { user } = renderApp('/account', { user: moderator });
      const grey = await screen.findByRole('switch', { name: '映像を白黒にする' });
      expect(grey).toBeChecked();
      expect(grey).toHaveAccessibleDescription('個人設定です（組織の既定はオフ）');

      await user.click(grey);

      await waitFor(() => expect(grey).toHaveAccessibleDescription('組織の既定（オフ）に従っています'));
      expect(puts).toEqual([{ wellbeing: {} }]);
    });

    it('puts the switch back and says so when saving fails', async () => {
      server.use(http.put('/api/me/preferences', () => apiError(500, 'internal')));
      const { user } = renderApp('/account', { user: moderator });
      const blur = await screen.findByRole('switch', { name: '映像をぼかす' });
      await user.click(blur);
      expect(await screen.findByRole('alert')).toHaveTextContent('見守り表示の設定を保存できませんでした。');
      await waitFor(() => expect(blur).toBeChecked());
    });
  });

  describe('password', () => {
    it('shows problems at the fields and focuses the first one, before asking the API', async () => {
      const posts = recordBodies('POST', '/api/me/password');
      const { user } = renderApp('/account', { user: moderator });
      const form = await screen.findByRole('region', { name: 'パスワードの変更' });
      const current = within(form).getByLabelText('現在のパスワード');
      const next = within(form).getByLabelText('新しいパスワード');
      const confirm = within(form).getByLabelText('新しいパスワード（確認）');

      await fill(user, next, 'too short');
      await user.click(within(form).getByRole('button', { name: 'パスワードを変更' }));
      await waitFor(() => expect(current).toHaveFocus());
      expect(current).toHaveAccessibleDescription('現在のパスワードを入力してください。');
      expect(next).toHaveAccessibleDescription(expect.stringContaining('新しいパスワードは12文字以上にしてください（現在 9 文字）。'));

      await fill(user, current, PASSWORD);
      await fill(user, next, ' but now long enough');
      await fill(user, confirm, 'something else entirely');
      await user.click(within(form).getByRole('button', { name: 'パスワードを変更' }));
      await waitFor(() => expect(confirm).toHaveFocus());
      expect(confirm).toHaveAccessibleDescription('確認用のパスワードが一致しません。');
      expect(current).not.toHaveAttribute('aria-invalid');
      expect(posts).toHaveLength(0);
    });

    it('shows a wrong current password at that field', async () => {
      const { user } = renderApp('/account', { user: moderator });
      const form = await screen.findByRole('region', { name: 'パスワードの変更' });
      const current = within(form).getByLabelText('現在のパスワード');
      await fill(user, current, 'not my password');
      await fill(user, within(form).getByLabelText('新しいパスワード'), 'a brand new passphrase');
      await fill(user, within(form).getByLabelText('新しいパスワード（確認）'), 'a brand new passphrase');
      await user.click(within(form).getByRole('button', { name: 'パスワードを変更' }));

      await waitFor(() => expect(current).toHaveAccessibleDescription('現在のパスワードが正しくありません。'));
      await waitFor(() => expect(current).toHaveFocus());
      expect(accountAdminDb.password).toBe(PASSWORD);
    });

    it('shows the API refusing the new password at that field', async () => {
      server.use(
        http.post('/api/me/password', () =>
          Response.json(
            {
              error: {
                code: 'validation_failed',
                message: 'invalid request body',
                requestId: 'req-pw',
                details: [{ path: 'newPassword', message: 'too common' }],
              },
            },
            { status: 400 },
          ),
        ),
      );
      const { user } = renderApp('/account', { user: moderator });
      const form = await screen.findByRole('region', { name: 'パスワードの変更' });
      const next = within(form).getByLabelText('新しいパスワード');
      await fill(user, within(form).getByLabelText('現在のパスワード'), PASSWORD);
      await fill(user, next, 'password1234');
      await fill(user, within(form).getByLabelText('新しいパスワード（確認）'), 'password1234');
      await user.click(within(form).getByRole('button', { name: 'パスワードを変更' }));

      await waitFor(() =>
        expect(next).toHaveAccessibleDescription(expect.stringContaining('新しいパスワードは使えません（too common）。')),
      );
      await waitFor(() => expect(next).toHaveFocus());
    });

    it('changes it, clears the form and says the other sessions were ended', async () => {
      const posts = recordBodies('POST', '/api/me/password');
      const { user } = renderApp('/account', { user: moderator });
      const form = await screen.findByRole('region', { name: 'パスワードの変更' });
      await waitFor(() => expect(within(section('ログイン中のセッション')).getAllByRole('row')).toHaveLength(3));

      await fill(user, within(form).getByLabelText('現在のパスワード'), PASSWORD);
      await fill(user, within(form).getByLabelText('新しいパスワード'), 'a brand new passphrase');
      await fill(user, within(form).getByLabelText('新しいパスワード（確認）'), 'a brand new passphrase');
      await user.click(within(form).getByRole('button', { name: 'パスワードを変更' }));

      expect(
        await within(form).findByText(/パスワードを変更しました。安全のため、このブラウザー以外のセッションはすべて終了しました。/),
      ).toBeInTheDocument();
      expect(posts).toEqual([{ currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }]);
      expect(within(form).getByLabelText('現在のパスワード')).toHaveValue('');
      expect(within(form).getByLabelText('新しいパスワード')).toHaveValue('');
      // The list follows: only this session is left.
      await waitFor(() => expect(within(section('ログイン中のセッション')).getAllByRole('row')).toHaveLength(2));
    });
  });

  describe('sessions', () => {
    it('lists own sessions in JST with this one marked first and the browser summarised', async () => {
      renderApp('/account', { user: admin });
      const sessions = await screen.findByRole('table', { name: 'セッション' });
      await waitFor(() => expect(within(sessions).getAllByRole('row')).toHaveLength(3));
      const [, here, other] = within(sessions).getAllByRole('row') as [HTMLElement, HTMLElement, HTMLElement];

      expect(within(here).getByRole('rowheader')).toHaveTextContent('Chrome 131 · macOS');
      expect(within(here).getByText('このセッション')).toBeInTheDocument();
      expect(within(here).getByText('2026/01/05 09:00')).toBeInTheDocument();
      expect(within(here).getByText('203.0.113.7')).toBeInTheDocument();
      expect(within(here).queryByRole('button')).not.toBeInTheDocument();

      expect(within(other).getByRole('rowheader')).toHaveTextContent('Firefox 133 · Windows');
      expect(within(other).getByRole('rowheader')).toHaveAttribute('title', expect.stringContaining('Firefox/133.0'));
      expect(within(other).getByText('2026/01/05 08:00')).toBeInTheDocument();
      expect(within(other).getByText('2026/01/05 09:10')).toBeInTheDocument();
      expect(within(other).getByText('198.51.100.23')).toBeInTheDocument();
    });

    it('ends another session and keeps focus in the section', async () => {
      const posts = recordBodies('POST', '/api/me/sessions/sess-other/revoke');
      const { user } = renderApp('/account', { user: auditor });
      await user.click(
        await screen.findByRole('button', { name: '2026/01/05 08:00 に開始した Firefox 133 · Windows のセッションを終了する' }),
      );

      expect(await screen.findByText('セッションを終了しました。')).toBeInTheDocument();
      expect(posts).toHaveLength(1);
      const table = screen.getByRole('table', { name: 'セッション' });
      await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
      expect(within(table).queryByText(/Firefox/)).not.toBeInTheDocument();
      expect(screen.getByRole('heading', { name: 'ログイン中のセッション' })).toHaveFocus();
      expect(accountAdminDb.sessions.map((s) => s.id)).toEqual(['sess-here']);
    });

    it('says so when a session cannot be ended', async () => {
      server.use(http.post('/api/me/sessions/:id/revoke', () => apiError(500, 'internal')));
      const { user } = renderApp('/account', { user: moderator });
      await user.click(await screen.findByRole('button', { name: /Firefox 133 · Windows のセッションを終了する/ }));
      expect(await screen.findByRole('alert')).toHaveTextContent('セッションを終了できませんでした。');
      expect(within(screen.getByRole('table', { name: 'セッション' })).getByText(/Firefox/)).toBeInTheDocument();
    });
  });

  it('is reachable from the navigation for every role and moves focus to its heading', async () => {
    const { user } = renderApp('/recordings', { user: auditor });
    const nav = await screen.findByRole('navigation', { name: 'メインナビゲーション' });
    await user.click(within(nav).getByRole('link', { name: 'アカウント' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'アカウント' });
    await waitFor(() => expect(heading).toHaveFocus());
  });

  it('speaks English when switched', async () => {
    const { user } = renderApp('/account', { user: moderator });
    await screen.findByRole('switch', { name: '映像をぼかす' });
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Account' })).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'Blur video' })).toHaveAccessibleDescription('Follows the organisation default (on)');
    expect(screen.getByLabelText('Confirm new password')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Last seen (JST)' })).toBeInTheDocument();
  });
});
