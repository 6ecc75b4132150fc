import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { moderator, PASSWORD } from '@/testing/data';
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

  it('signs in and lands on the recordings list with the user in the header', async () => {
    const { user, router } = renderApp('/login');
    await user.type(await screen.findByLabelText('メールアドレス'), moderator.email);
    await user.type(screen.getByLabelText('パスワード'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'ログイン' }));

    expect(await screen.findByRole('heading', { name: '録画一覧' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/recordings');
    const header = screen.getByRole('banner');
    expect(within(header).getByText(moderator.displayName)).toBeInTheDocument();
    expect(within(header).getByText('モデレーター')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: '録画 CALL-0001 を開く' })).toBeInTheDocument();
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
    await waitFor(() => expect(router.state.location.pathname).toBe('/recordings'));
  });
});
