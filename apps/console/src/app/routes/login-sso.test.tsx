import type { AuthConfigResponse } from '@kura/contracts';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { moderator, PASSWORD } from '@/testing/data';
import { apiError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const offer = (config: AuthConfigResponse) => server.use(http.get('/api/auth/config', () => HttpResponse.json(config)));

describe('login with a company account (SSO)', () => {
  it('offers the company-account button next to the password form, carrying where the user was going', async () => {
    offer({ localLogin: true, oidc: { enabled: true } });
    renderApp(`/login?redirectTo=${encodeURIComponent('/recordings/rec-1')}`);
    const sso = await screen.findByRole('link', { name: '社内アカウントでログイン' });
    expect(sso).toHaveAttribute('href', `/api/auth/oidc/start?redirectTo=${encodeURIComponent('/recordings/rec-1')}`);
    expect(screen.getByLabelText('パスワード')).toBeInTheDocument();
    expect(screen.getByText('または')).toBeInTheDocument();
  });

  it('names the provider when the server gives a label', async () => {
    offer({ localLogin: true, oidc: { enabled: true, label: 'Example ID' } });
    renderApp('/login');
    expect(await screen.findByText('認証: Example ID')).toBeInTheDocument();
  });

  it('hides the password form when local passwords are switched off', async () => {
    offer({ localLogin: false, oidc: { enabled: true } });
    renderApp('/login');
    expect(await screen.findByRole('link', { name: '社内アカウントでログイン' })).toBeInTheDocument();
    expect(screen.queryByLabelText('パスワード')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('メールアドレス')).not.toBeInTheDocument();
    expect(screen.queryByText('または')).not.toBeInTheDocument();
  });

  it('shows no company-account button when SSO is not configured', async () => {
    renderApp('/login');
    expect(await screen.findByLabelText('パスワード')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: '社内アカウントでログイン' })).not.toBeInTheDocument();
  });

  it('says clearly why an SSO sign-in was refused, with the request id', async () => {
    offer({ localLogin: false, oidc: { enabled: true } });
    renderApp('/login?ssoError=oidc_no_role&requestId=3f0c1f9e-1b7e-4a53-9d7b-0a3c9b1c2d4e');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('このアカウントには Kura のロールが割り当てられていません。');
    expect(within(alert).getByText('リクエストID: 3f0c1f9e-1b7e-4a53-9d7b-0a3c9b1c2d4e')).toBeInTheDocument();
  });

  it('translates a cancelled sign-in, in English too', async () => {
    offer({ localLogin: true, oidc: { enabled: true } });
    window.localStorage.setItem('kura.language', 'en');
    renderApp('/login?ssoError=oidc_cancelled');
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-in with your company account was cancelled.');
    expect(screen.getByRole('link', { name: 'Sign in with company account' })).toBeInTheDocument();
  });

  it('shows a generic message for an unknown code, never the code itself', async () => {
    offer({ localLogin: true, oidc: { enabled: true } });
    renderApp('/login?ssoError=<script>&requestId=<b>x</b>');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('社内アカウントでログインできませんでした。');
    expect(alert).not.toHaveTextContent('script');
    expect(alert).not.toHaveTextContent('リクエストID');
  });

  it('explains a password sign-in refused because passwords were switched off meanwhile', async () => {
    server.use(http.post('/api/auth/login', () => apiError(403, 'local_login_disabled')));
    const { user } = renderApp('/login');
    await user.type(await screen.findByLabelText('メールアドレス'), moderator.email);
    await user.type(screen.getByLabelText('パスワード'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('パスワードでのログインは無効になっています。');
  });
});
