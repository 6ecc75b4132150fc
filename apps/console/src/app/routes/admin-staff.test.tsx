import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { accountAdminDb, admin, lead } from '@/testing/account-admin';
import { moderator } from '@/testing/data';
import { fill } from '@/testing/fill';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
// Loaded up front: the router still resolves the page lazily, but need not wait for the first
// transform of its modules inside a test's time limit.
import './admin-staff';

/** Records method, path and JSON body of every request to `prefix` before the handlers answer. */
function recordRequests(prefix: string) {
  const seen: { method: string; path: string; body: unknown }[] = [];
  server.events.on('request:start', async ({ request }) => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(prefix)) return;
    const text = request.method === 'GET' ? '' : await request.clone().text();
    seen.push({ method: request.method, path: url.pathname, body: text ? JSON.parse(text) : null });
  });
  return seen;
}

const table = () => screen.getByRole('table', { name: 'スタッフ' });
const rowOf = (name: string) =>
  within(table())
    .getByRole('rowheader', { name: new RegExp(name) })
    .closest('tr')!;

describe('staff admin', () => {
  it('lists staff with roles, status and last use in JST, marking the admin themself', async () => {
    renderApp('/admin/staff', { user: admin });
    expect(await screen.findByRole('heading', { level: 1, name: 'スタッフ管理' })).toBeInTheDocument();
    await waitFor(() => expect(within(table()).getAllByRole('row')).toHaveLength(5));

    const self = rowOf(admin.displayName);
    expect(within(self).getByText('あなた')).toBeInTheDocument();
    expect(within(self).getByText('管理者')).toBeInTheDocument();
    expect(within(self).getByText('2026/01/05 09:30')).toBeInTheDocument();

    const leadRow = rowOf(lead.displayName);
    expect(within(leadRow).getByText('lead@kura.test')).toBeInTheDocument();
    expect(within(leadRow).getByText('モデレーター')).toBeInTheDocument();
    expect(within(leadRow).getByText('リード')).toBeInTheDocument();
    expect(within(leadRow).getByText('未利用')).toBeInTheDocument();
    expect(within(leadRow).getByText('有効')).toBeInTheDocument();

    const disabled = rowOf('鈴木 一郎');
    expect(within(disabled).getByText('無効')).toHaveAttribute('title', '2026/01/04 12:00 から無効');
    expect(within(disabled).getByRole('button', { name: '鈴木 一郎 を有効にする' })).toBeInTheDocument();

    const nav = screen.getByRole('navigation', { name: 'メインナビゲーション' });
    expect(within(nav).getByRole('link', { name: 'スタッフ管理' })).toHaveAttribute('href', '/admin/staff');
    expect(within(nav).getByRole('link', { name: '審査設定' })).toHaveAttribute('href', '/admin/settings');
    expect(within(nav).getByRole('link', { name: 'アカウント' })).toHaveAttribute('href', '/account');
    // Admins watch no media: no exposure counter for them.
    expect(screen.queryByRole('button', { name: /今日の再生/ })).not.toBeInTheDocument();
  });

  it('creates a staff member after pointing at each missing field, then lists them', async () => {
    const seen = recordRequests('/api/staff');
    const { user } = renderApp('/admin/staff', { user: admin });
    await user.click(await screen.findByRole('button', { name: 'スタッフを追加' }));
    const dialog = screen.getByRole('dialog', { name: 'スタッフを追加' });

    await user.click(within(dialog).getByRole('button', { name: '追加する' }));
    const email = within(dialog).getByLabelText('メールアドレス');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('メールアドレスを入力してください。');
    await waitFor(() => expect(email).toHaveFocus());
    expect(within(dialog).getByLabelText('表示名')).toHaveAccessibleDescription('表示名を入力してください。');
    expect(within(dialog).getByText('ロールを1つ以上選んでください。')).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);

    await fill(user, email, 'new@kura.test');
    await fill(user, within(dialog).getByLabelText('表示名'), '伊藤 新');
    await user.click(within(dialog).getByRole('checkbox', { name: 'モデレーター' }));
    const password = within(dialog).getByLabelText('初期パスワード');
    await fill(user, password, 'short');
    expect(within(dialog).getByText('あと 7 文字必要です。')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: '追加する' }));
    await waitFor(() => expect(password).toHaveFocus());
    expect(password).toHaveAccessibleDescription(expect.stringContaining('パスワードは12文字以上にしてください（現在 5 文字）。'));

    await fill(user, password, ' horse battery');
    expect(within(dialog).getByText('強度: 強い')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: '追加する' }));

    expect(await screen.findByText('伊藤 新 を追加しました。')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      email: 'new@kura.test',
      displayName: '伊藤 新',
      roles: ['moderator'],
      password: 'short horse battery',
    });
    await waitFor(() => expect(within(rowOf('伊藤 新')).getByText('new@kura.test')).toBeInTheDocument());
  });

  it('shows an email already in use at the email field', async () => {
    const { user } = renderApp('/admin/staff', { user: admin });
    await user.click(await screen.findByRole('button', { name: 'スタッフを追加' }));
    const dialog = screen.getByRole('dialog', { name: 'スタッフを追加' });
    await fill(user, within(dialog).getByLabelText('メールアドレス'), moderator.email);
    await fill(user, within(dialog).getByLabelText('表示名'), '二人目');
    await user.click(within(dialog).getByRole('checkbox', { name: '監査担当' }));
    await fill(user, within(dialog).getByLabelText('初期パスワード'), 'correct horse battery');
    await user.click(within(dialog).getByRole('button', { name: '追加する' }));

    const email = within(dialog).getByLabelText('メールアドレス');
    await waitFor(() => expect(email).toHaveAccessibleDescription('このメールアドレスは既に登録されています。'));
    await waitFor(() => expect(email).toHaveFocus());
    expect(accountAdminDb.staff).toHaveLength(4);
  });

  it('renames and re-roles, sending only what changed', async () => {
    const seen = recordRequests('/api/staff/');
    const { user } = renderApp('/admin/staff', { user: admin });
    await user.click(await screen.findByRole('button', { name: `${moderator.displayName} を編集` }));
    const dialog = screen.getByRole('dialog', { name: `${moderator.displayName} を編集` });
    expect(within(dialog).getByRole('checkbox', { name: 'モデレーター' })).toBeChecked();

    const name = within(dialog).getByLabelText('表示名');
    await user.clear(name);
    await fill(user, name, '佐藤 花');
    await user.click(within(dialog).getByRole('checkbox', { name: 'リード' }));
    await user.click(within(dialog).getByRole('button', { name: '保存する' }));

    expect(await screen.findByText('佐藤 花 を更新しました。')).toBeInTheDocument();
    expect(seen).toEqual([
      { method: 'PATCH', path: `/api/staff/${moderator.id}`, body: { displayName: '佐藤 花', roles: ['moderator', 'lead'] } },
    ]);
    await waitFor(() => expect(within(rowOf('佐藤 花')).getByText('リード')).toBeInTheDocument());
  });

  it('shows the API refusing an admin their own admin role (409)', async () => {
    const { user } = renderApp('/admin/staff', { user: admin });
    await user.click(await screen.findByRole('button', { name: `${admin.displayName} を編集` }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('checkbox', { name: '管理者' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'モデレーター' }));
    await user.click(within(dialog).getByRole('button', { name: '保存する' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('自分の管理者ロールは外せません。必要なら別の管理者に依頼してください。');
    expect(alert).toHaveTextContent('サーバーの応答: you cannot remove your own admin role');
    expect(alert).toHaveTextContent(/リクエストID: req-acct-\d+/);
    expect(accountAdminDb.staff[0]!.roles).toEqual(['admin']);
  });

  it('disables only after confirmation, and enables again', async () => {
    const seen = recordRequests('/api/staff/');
    const { user } = renderApp('/admin/staff', { user: admin });
    const disable = await screen.findByRole('button', { name: `${lead.displayName} を無効にする` });

    await user.click(disable);
    let dialog = screen.getByRole('dialog', { name: `${lead.displayName} を無効にしますか？` });
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining('ログイン中のセッションはすべて終了します'));
    await user.click(within(dialog).getByRole('button', { name: 'キャンセル' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(disable).toHaveFocus();
    expect(seen).toHaveLength(0);

    await user.click(disable);
    dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: '無効にする' }));
    expect(await screen.findByText(`${lead.displayName} を無効にしました。`)).toBeInTheDocument();
    expect(seen).toEqual([{ method: 'PATCH', path: `/api/staff/${lead.id}`, body: { disabled: true } }]);
    await waitFor(() => expect(within(rowOf(lead.displayName)).getByText('無効')).toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: `${lead.displayName} を有効にする` }));
    dialog = screen.getByRole('dialog', { name: `${lead.displayName} を有効にしますか？` });
    await user.click(within(dialog).getByRole('button', { name: '有効にする' }));
    expect(await screen.findByText(`${lead.displayName} を有効にしました。`)).toBeInTheDocument();
    expect(seen.at(-1)?.body).toEqual({ disabled: false });
    expect(accountAdminDb.staff.find((s) => s.id === lead.id)?.disabledAt).toBeNull();
  });

  it('shows the API refusing an admin to disable themself (409)', async () => {
    const { user } = renderApp('/admin/staff', { user: admin });
    await user.click(await screen.findByRole('button', { name: `${admin.displayName} を無効にする` }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: '無効にする' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('自分自身のアカウントは無効にできません。必要なら別の管理者に依頼してください。');
    expect(alert).toHaveTextContent('サーバーの応答: you cannot disable yourself');
    expect(accountAdminDb.staff[0]!.disabledAt).toBeNull();
  });

  it('refuses non-admins without calling the API or offering the links', async () => {
    const seen = recordRequests('/api/staff');
    renderApp('/admin/staff', { user: moderator });
    expect(await screen.findByText('スタッフ管理は管理者ロールのユーザーのみ利用できます。')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'メインナビゲーション' });
    expect(within(nav).queryByRole('link', { name: 'スタッフ管理' })).not.toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: '審査設定' })).not.toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'アカウント' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(0);
  });

  it('speaks English when switched', async () => {
    const { user } = renderApp('/admin/staff', { user: admin });
    await waitFor(() => expect(within(table()).getAllByRole('row')).toHaveLength(5));
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Staff' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Last seen (JST)' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: `Disable ${lead.displayName}` })).toBeInTheDocument();
  });
});
