import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { admin, auditor, lead, moderator, PASSWORD } from '@/testing/data';
import { db } from '@/testing/db';
import { apiError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

describe('login', () => {
  it('sends a signed-out visitor to the login page, remembering where they were going', async () => {
    const { router } = renderApp('/recordings/rec-1');
    expect(await screen.findByRole('heading', { name: 'スタッフログイン' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe(`?redirectTo=${encodeURIComponent('/recordings/rec-1')}`);
  });

  it('signs in and lands on the review queue with the user in the header', async () => {
    const { user, router } = renderApp('/login');
    await user.type(await screen.findByLabelText('メールアドレス'), moderator.email);
    await user.type(screen.getByLabelText('パスワード'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'ログイン' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'レビューキュー' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/queue');
    const header = screen.getByRole('banner');
    expect(within(header).getByText(moderator.displayName)).toBeInTheDocument();
    expect(within(header).getByText('モデレーター')).toBeInTheDocument();
    expect(db.session?.user.id).toBe(moderator.id);
  });

  it('shows a clear message for invalid credentials and stays on the page', async () => {
    const { user, router } = renderApp('/login');
    await user.type(await screen.findByLabelText('メールアドレス'), moderator.email);
    await user.type(screen.getByLabelText('パスワード'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'ログイン' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('メールアドレスまたはパスワードが正しくありません。');
    expect(router.state.location.pathname).toBe('/login');
    expect(db.session).toBeNull();
  });

  it('shows a distinct message when rate limited', async () => {
    server.use(http.post('/api/auth/login', () => apiError(429, 'rate_limited')));
    const { user } = renderApp('/login');
    await user.type(await screen.findByLabelText('メールアドレス'), moderator.email);
    await user.type(screen.getByLabelText('パスワード'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'ログイン' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('ログインの試行回数が多すぎます');
    expect(alert).not.toHaveTextContent('正しくありません');
  });

  it('returns to the page the user wanted after signing in', async () => {
    const { user, router } = renderApp(`/login?redirectTo=${encodeURIComponent('/recordings/rec-1')}`);
    await user.type(await screen.findByLabelText('メールアドレス'), moderator.email);
    await user.type(screen.getByLabelText('パスワード'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    expect(await screen.findByRole('heading', { name: '録画 CALL-0001' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/recordings/rec-1');
  });

  it('ignores an off-site redirect target', async () => {
    const { user, router } = renderApp(`/login?redirectTo=${encodeURIComponent('//evil.example/x')}`);
    await user.type(await screen.findByLabelText('メールアドレス'), moderator.email);
    await user.type(screen.getByLabelText('パスワード'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/queue'));
  });

  async function signInAs(email: string) {
    const rendered = renderApp('/login');
    await rendered.user.type(await screen.findByLabelText('メールアドレス'), email);
    await rendered.user.type(screen.getByLabelText('パスワード'), PASSWORD);
    await rendered.user.click(screen.getByRole('button', { name: 'ログイン' }));
    return rendered;
  }

  it('lands each role on a page it may use', async () => {
    const landings: Array<[typeof moderator, string, string]> = [
      [lead, '/queue', 'レビューキュー'],
      [auditor, '/audit', '監査ログ'],
      [admin, '/account', 'アカウント'],
    ];
    for (const [who, path, heading] of landings) {
      const { router, unmount } = await signInAs(who.email);
      const h1 = await screen.findByRole('heading', { level: 1, name: heading });
      expect(router.state.location.pathname).toBe(path);
      // A new page after signing in: focus is on its heading.
      await waitFor(() => expect(document.activeElement).toBe(h1));
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      unmount();
      db.session = null;
    }
  });

  it('lands an admin on their own account, with the admin pages in the navigation', async () => {
    await signInAs(admin.email);
    expect(await screen.findByRole('heading', { level: 1, name: 'アカウント' })).toBeInTheDocument();
    const profile = screen.getByRole('region', { name: 'プロフィール' });
    expect(within(profile).getByText(admin.displayName)).toBeInTheDocument();
    expect(within(profile).getByText(admin.email)).toBeInTheDocument();
    expect(within(profile).getByText('管理者')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'メインナビゲーション' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['削除予定', '開示請求', 'スタッフ管理', '審査設定', '保存期間', 'アカウント']);
  });

  it("sends the start page to each role's landing page", async () => {
    const { router } = renderApp('/', { user: auditor });
    expect(await screen.findByRole('heading', { level: 1, name: '監査ログ' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/audit');
  });
});
