import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { accountAdminDb, admin, lead } from '@/testing/account-admin';
import { auditor, moderator } from '@/testing/data';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

function countGets(path: string): { count: number } {
  const seen = { count: 0 };
  server.events.on('request:start', ({ request }) => {
    if (request.method === 'GET' && new URL(request.url).pathname === path) seen.count += 1;
  });
  return seen;
}

const header = () => screen.findByRole('banner');

describe('exposure care', () => {
  it("shows a moderator today's played minutes and, on disclosure, the split by severity", async () => {
    const team = countGets('/api/exposure/team');
    const { user } = renderApp('/recordings', { user: moderator });
    const button = await within(await header()).findByRole('button', { name: '今日の再生 83分' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveAttribute('title', '重大 2分 / 高 9分 / 中 12分 / 低 20分 / フラグなし 40分');

    await user.click(button);

    expect(button).toHaveAttribute('aria-expanded', 'true');
    const panel = document.getElementById(button.getAttribute('aria-controls')!)!;
    expect(panel).toBeVisible();
    expect(within(panel).getByRole('heading', { name: '今日の再生時間（2026-01-05）' })).toBeInTheDocument();
    const bySeverity = within(panel).getByLabelText('録画に付いたフラグの重大度別');
    expect(
      within(bySeverity)
        .getAllByRole('term')
        .map((el) => el.textContent),
    ).toEqual(['重大', '高', '中', '低', 'フラグなし']);
    expect(
      within(bySeverity)
        .getAllByRole('definition')
        .map((el) => el.textContent),
    ).toEqual(['2分', '9分', '12分', '20分', '40分']);
    expect(within(panel).getByText('休憩の目安: 1日 120分')).toBeInTheDocument();
    expect(within(panel).queryByText(/目安の120分を超えました/)).not.toBeInTheDocument();
    // Team totals are for leads only.
    expect(within(panel).queryByRole('heading', { name: /チームの今日の合計/ })).not.toBeInTheDocument();
    expect(team.count).toBe(0);

    await user.keyboard('{Escape}');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveFocus();
    expect(panel).not.toBeVisible();
  });

  it('suggests a break past the threshold, in the header and as a dismissible note', async () => {
    accountAdminDb.settings.breakThresholdMinutes = 60;
    const { user } = renderApp('/recordings', { user: moderator });
    const button = await within(await header()).findByRole('button', { name: '今日の再生 83分 休憩どき' });
    const note = await screen.findByText('今日の再生時間が目安の60分を超えました。画面から少し離れて休憩しましょう。', {
      selector: '.break-reminder p',
    });
    expect(note.closest('[role="status"]')).not.toBeNull();

    await user.click(screen.getByRole('button', { name: '今日はもう表示しない' }));
    expect(screen.queryByRole('button', { name: '今日はもう表示しない' })).not.toBeInTheDocument();
    expect(window.sessionStorage.getItem('kura.break-reminder-dismissed')).toBe('2026-01-05');

    await user.click(button);
    expect(
      screen.getByText('今日の再生時間が目安の60分を超えました。画面から少し離れて休憩しましょう。', { selector: '.exposure__panel p' }),
    ).toBeVisible();
  });

  it("shows a lead the team's totals and reviewer count, never anyone's own figures", async () => {
    const { user } = renderApp('/recordings', { user: lead });
    await user.click(await within(await header()).findByRole('button', { name: '今日の再生 83分' }));
    const team = await screen.findByRole('region', { name: /チームの今日の合計/ });
    await waitFor(() => expect(within(team).getByText('再生時間の合計').nextElementSibling).toHaveTextContent('410分'));
    expect(within(team).getByText('再生したレビュー担当者').nextElementSibling).toHaveTextContent('4人');
    const bySeverity = within(team).getByLabelText('チームの今日の合計: 録画に付いたフラグの重大度別');
    expect(
      within(bySeverity)
        .getAllByRole('definition')
        .map((el) => el.textContent),
    ).toEqual(['15分', '45分', '60分', '90分', '200分']);
    expect(within(team).getByText('個人ごとの数値は表示しません。')).toBeInTheDocument();
    for (const person of [moderator, lead, admin, auditor]) expect(within(team).queryByText(person.displayName)).not.toBeInTheDocument();
  });

  it('shows nothing to auditors and admins, and asks the API nothing', async () => {
    const mine = countGets('/api/me/exposure');
    renderApp('/recordings', { user: auditor });
    expect(await screen.findByRole('heading', { level: 1, name: '録画一覧' })).toBeInTheDocument();
    expect(within(await header()).queryByRole('button', { name: /今日の再生/ })).not.toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mine.count).toBe(0);
  });

  it('speaks English when switched', async () => {
    const { user } = renderApp('/recordings', { user: lead });
    const button = await within(await header()).findByRole('button', { name: '今日の再生 83分' });
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(button).toHaveAccessibleName('Played today 83 min');
    await user.click(button);
    expect(await screen.findByRole('region', { name: /Team today/ })).toBeInTheDocument();
    expect(screen.getByText('No per-person figures are shown.')).toBeInTheDocument();
  });
});
