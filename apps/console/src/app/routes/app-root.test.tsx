import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_STORAGE_KEY } from '@/lib/i18n';
import { moderator } from '@/testing/data';
import { db } from '@/testing/db';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

describe('app shell', () => {
  it('switches the whole UI to English and remembers the choice', async () => {
    const { user } = renderApp('/recordings', { user: moderator });
    expect(await screen.findByRole('heading', { name: '録画一覧' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: '開始日時 (JST)' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'English' }));

    expect(screen.getByRole('heading', { name: 'Recordings' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Started (JST)' })).toBeInTheDocument();
    expect(screen.getByLabelText('State')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(within(screen.getByRole('banner')).getByText('Moderator')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.queryByRole('heading', { name: '録画一覧' })).not.toBeInTheDocument();
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('starts in the language kept in localStorage', async () => {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    renderApp('/login');
    expect(await screen.findByRole('heading', { name: 'Staff sign-in' })).toBeInTheDocument();
  });

  it('logs out with the CSRF token and returns to the login page', async () => {
    let csrf: string | null = null;
    server.use(
      http.post('/api/auth/logout', ({ request }) => {
        csrf = request.headers.get('x-csrf-token');
        db.session = null;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, router } = renderApp('/recordings', { user: moderator });
    await user.click(await screen.findByRole('button', { name: 'ログアウト' }));

    expect(await screen.findByRole('heading', { name: 'スタッフログイン' })).toBeInTheDocument();
    expect(csrf).toBe(`csrf-${moderator.id}`);
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
  });

  it('drops back to the login page when the session expires mid-use', async () => {
    const { router } = renderApp('/recordings', { user: moderator });
    expect(await screen.findByRole('heading', { name: '録画一覧' })).toBeInTheDocument();
    db.session = null; // the server forgets the session; the next API call answers 401
    await router.navigate('/recordings/rec-1');
    expect(await screen.findByRole('heading', { name: 'スタッフログイン' })).toBeInTheDocument();
  });
});
