import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { admin, auditor, lead, moderator } from '@/testing/data';
import { currentSearch, renderApp } from '@/testing/render';
import { rightsDb } from '@/testing/rights';
import { server } from '@/testing/server';

const table = () => screen.findByRole('table', { name: '削除予定の録画' });
const table2 = () => screen.findByRole('table', { name: 'Recordings due for deletion' });
const callRefs = async () =>
  within(await table())
    .queryAllByRole('link')
    .map((a) => a.textContent);

describe('upcoming deletions page', () => {
  it('lists what expires in the next 7 days, soonest first, with reason, agency, creator and Tokyo times', async () => {
    renderApp('/retention/upcoming', { user: lead });
    expect(await screen.findByRole('heading', { level: 1, name: '削除予定の録画' })).toBeInTheDocument();
    await waitFor(async () => expect(await callRefs()).toEqual(['CALL-UP-OVERDUE', 'CALL-UP-1', 'CALL-UP-2', 'CALL-UP-5']));
    const rows = within(await table()).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('期限切れ（次回の実行で削除）');
    expect(rows[2]).toHaveTextContent('利用者の退会');
    expect(rows[2]).toHaveTextContent('月エンターテインメント');
    expect(rows[2]).toHaveTextContent('蓮');
    expect(rows[3]).toHaveTextContent('未完了のレビュー');
    expect(rows[4]).toHaveTextContent('共有中のパケット');
    // 2026-11-01T01:00Z is 10:00 in Tokyo.
    expect(rows[1]).toHaveTextContent('2026/11/01 10:00');
  });

  it('keeps the filters in the URL and sends them to the API', async () => {
    const { user, router } = renderApp('/retention/upcoming?reason=withdrawn', { user: lead });
    await waitFor(async () => expect(await callRefs()).toEqual(['CALL-UP-1']));
    expect(screen.getByLabelText('理由')).toHaveValue('withdrawn');

    await user.selectOptions(screen.getByLabelText('期間'), '30');
    await waitFor(() => expect(currentSearch(router).get('days')).toBe('30'));
    await user.selectOptions(screen.getByLabelText('理由'), '');
    await user.type(screen.getByLabelText('所属事務所ID'), 'ag-tsuki{Enter}');
    await waitFor(() => expect(currentSearch(router).get('agency')).toBe('ag-tsuki'));
    await waitFor(() => expect(rightsDb.lastQuery?.get('agency')).toBe('ag-tsuki'));
    expect(rightsDb.lastQuery?.get('days')).toBe('30');
    expect(await callRefs()).toEqual(['CALL-UP-1']);

    await user.click(screen.getByRole('button', { name: '条件をクリア' }));
    await waitFor(() => expect(currentSearch(router).toString()).toBe(''));
  });

  it('a lead places a hold with a reason; the recording leaves the list', async () => {
    const posted: unknown[] = [];
    server.use(
      http.post('/api/recordings/:id/holds', async ({ request, params }) => {
        const body = (await request.clone().json()) as { reason: string };
        posted.push({ id: params.id, body });
        rightsDb.holds.push({ recordingId: String(params.id), reason: body.reason });
      }),
    );
    const { user } = renderApp('/retention/upcoming', { user: lead });
    await user.click(await screen.findByRole('button', { name: '通話 CALL-UP-1 の録画に保全を設定' }));
    const dialog = screen.getByRole('dialog', { name: '保全（リーガルホールド）を設定' });
    // A reason is required before anything is sent.
    await user.click(within(dialog).getByRole('button', { name: '保全を設定' }));
    expect(within(dialog).getByText('理由を入力してください。')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('理由')).toHaveFocus();
    expect(posted).toEqual([]);

    await user.type(within(dialog).getByLabelText('理由'), '弁護士から保全の依頼');
    await user.click(within(dialog).getByRole('button', { name: '保全を設定' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(posted).toEqual([{ id: 'rec-up-1', body: { reason: '弁護士から保全の依頼' } }]);
    expect(await screen.findByText('通話 CALL-UP-1 の録画に保全を設定しました。')).toBeInTheDocument();
    await waitFor(async () => expect(await callRefs()).toEqual(['CALL-UP-OVERDUE', 'CALL-UP-2', 'CALL-UP-5']));
  });

  it('an admin sees the list without the hold action', async () => {
    renderApp('/retention/upcoming', { user: admin });
    await waitFor(async () => expect(await callRefs()).toHaveLength(4));
    expect(screen.queryByRole('button', { name: /保全を設定/ })).not.toBeInTheDocument();
    expect(screen.getAllByText('保全の設定はリードのみ')).toHaveLength(4);
  });

  it('tells moderators and auditors which roles the page needs, without asking the API', async () => {
    for (const who of [moderator, auditor]) {
      const { unmount } = renderApp('/retention/upcoming', { user: who });
      expect(await screen.findByText(/「リード」「管理者」/)).toBeInTheDocument();
      expect(rightsDb.lastQuery).toBeNull();
      expect(screen.queryByRole('link', { name: '削除予定' })).not.toBeInTheDocument();
      unmount();
    }
  });

  it('shows the page in English', async () => {
    window.localStorage.setItem('kura.language', 'en');
    renderApp('/retention/upcoming', { user: lead });
    expect(await screen.findByRole('heading', { level: 1, name: 'Upcoming deletions' })).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Place a hold on the recording of call CALL-UP-1' })).toBeInTheDocument();
    expect(within(await table2()).getByText('User withdrew')).toBeInTheDocument();
  });
});
