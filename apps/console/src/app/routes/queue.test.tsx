import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { auditor, moderator } from '@/testing/data';
import { currentSearch, renderApp } from '@/testing/render';
import { ids, lead, otherModerator } from '@/testing/review-data';
import { reviewDb } from '@/testing/review-db';
import { server } from '@/testing/server';

/** Records the query string of every GET /api/review-items before the default handler answers. */
function spyOnQueue(): URLSearchParams[] {
  const seen: URLSearchParams[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/api/review-items') seen.push(url.searchParams);
  });
  return seen;
}

const table = () => screen.getByRole('table', { name: 'レビュー案件' });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);
const callRefs = () => bodyRows().map((row) => within(row).getByRole('link').textContent);
const rowOf = (callRef: string) => screen.getByRole('link', { name: `案件 ${callRef} を開く` }).closest('tr')!;
const tab = (name: RegExp) => screen.getByRole('tab', { name });

describe('review queue', () => {
  it('lists items most urgent first with priority, categories, age, source, assignee, hold and minor badges', async () => {
    renderApp('/queue', { user: moderator });
    expect(await screen.findByRole('heading', { level: 1, name: 'レビューキュー' })).toBeInTheDocument();
    await waitFor(() => expect(callRefs()).toEqual(['CALL-0004', 'CALL-0001', 'CALL-0003', 'CALL-0005', 'CALL-0002']));
    expect(
      within(screen.getByRole('navigation', { name: 'メインナビゲーション' })).getByRole('link', { name: 'レビューキュー' }),
    ).toHaveAttribute('href', '/queue');

    const first = rowOf('CALL-0001');
    expect(within(first).getByRole('button', { name: '高 52 点（優先度の内訳）' })).toHaveAttribute('aria-expanded', 'false');
    expect(within(first).getByText('連絡先の交換・外部への誘導')).toBeInTheDocument();
    expect(within(first).getByText('嫌がらせ・暴言')).toBeInTheDocument();
    expect(within(first).getByText('報告 2 件')).toBeInTheDocument();
    expect(within(first).getByText('3時間 12分')).toBeInTheDocument();
    expect(within(first).getByText('葵')).toBeInTheDocument();
    expect(within(first).getByText('星プロダクション')).toBeInTheDocument();
    expect(within(first).getByText('未担当')).toBeInTheDocument();
    expect(within(first).getByText('未着手')).toHaveClass('badge--status-open');

    expect(within(rowOf('CALL-0002')).getByText('サンプリング')).toHaveClass('badge--sampled');
    expect(within(rowOf('CALL-0002')).getByText('1日 2時間')).toBeInTheDocument();
    expect(within(rowOf('CALL-0004')).getByText('未成年')).toBeInTheDocument();
    expect(within(rowOf('CALL-0004')).getByText('緊急')).toBeInTheDocument();
    expect(within(rowOf('CALL-0005')).getByText('保全中')).toHaveClass('badge--hold');
    expect(within(rowOf('CALL-0003')).getByText('佐藤 花子')).toBeInTheDocument();
    expect(within(rowOf('CALL-0003')).getByText('(あなた)')).toBeInTheDocument();

    // the oldest waiting item (open or escalated) has waited a day and two hours
    expect(screen.getByText(/最も長く待っている案件/).closest('p')).toHaveTextContent('1日 2時間');
  });

  it('shows counts per status on the tabs and filters by status through the URL', async () => {
    const seen = spyOnQueue();
    const { user, router } = renderApp('/queue', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(5));
    expect(tab(/^すべて/)).toHaveTextContent('すべて5');
    expect(tab(/^未着手/)).toHaveTextContent('未着手2');
    expect(tab(/^対応中/)).toHaveTextContent('対応中1');
    expect(tab(/^エスカレーション/)).toHaveTextContent('エスカレーション1');
    expect(tab(/^完了/)).toHaveTextContent('完了1');
    expect(tab(/^すべて/)).toHaveAttribute('aria-selected', 'true');

    await user.click(tab(/^未着手/));

    await waitFor(() => expect(currentSearch(router).get('status')).toBe('open'));
    await waitFor(() => expect(seen.at(-1)?.get('status')).toBe('open'));
    await waitFor(() => expect(callRefs()).toEqual(['CALL-0001', 'CALL-0002']));
    expect(tab(/^未着手/)).toHaveAttribute('aria-selected', 'true');
    // the status column goes away when one status is shown
    expect(within(table()).queryByRole('columnheader', { name: '状態' })).not.toBeInTheDocument();

    // arrows move between tabs and select them
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(currentSearch(router).get('status')).toBe('claimed'));
    expect(tab(/^対応中/)).toHaveFocus();
    await waitFor(() => expect(callRefs()).toEqual(['CALL-0003']));
  });

  it('shows a count that reached the counting limit of the API as "N+" (at least N), and the sum over it too', async () => {
    reviewDb.countLimit = 2;
    renderApp('/queue', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(5));
    expect(tab(/^未着手/)).toHaveTextContent('未着手2+');
    expect(within(tab(/^未着手/)).getByTitle('2 件以上（それ以上は数えていません）')).toHaveTextContent('2+');
    expect(tab(/^対応中/)).toHaveTextContent(/^対応中1$/);
    expect(tab(/^すべて/)).toHaveTextContent('すべて5+');
  });

  it('puts filters and sort in the URL, refetches with them, and clears them but not the tab', async () => {
    const seen = spyOnQueue();
    const { user, router } = renderApp('/queue?status=open', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(2));

    await user.selectOptions(screen.getByLabelText('種類'), 'contact_exchange');
    await waitFor(() => expect(currentSearch(router).get('category')).toBe('contact_exchange'));
    await waitFor(() => expect(callRefs()).toEqual(['CALL-0001']));
    // counts follow the other filters
    expect(tab(/^未着手/)).toHaveTextContent('未着手1');

    await user.selectOptions(screen.getByLabelText('並び順'), 'oldest');
    await waitFor(() => expect(seen.at(-1)?.toString()).toBe('status=open&category=contact_exchange&sort=oldest'));

    await user.click(screen.getByRole('checkbox', { name: '自分の担当のみ' }));
    await waitFor(() => expect(currentSearch(router).get('mine')).toBe('true'));
    expect(await screen.findByText('条件に一致する案件はありません。')).toBeInTheDocument();

    await user.type(screen.getByLabelText('配信者ID'), 'cr-aoi{Enter}');
    await waitFor(() => expect(currentSearch(router).get('creator')).toBe('cr-aoi'));

    await user.click(screen.getByRole('button', { name: '条件をクリア' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=open&sort=oldest'));
    await waitFor(() => expect(callRefs()).toEqual(['CALL-0002', 'CALL-0001']));
    expect(screen.getByLabelText('配信者ID')).toHaveValue('');
  });

  it('reads a shared link: filters, priority band, sampled and dates', async () => {
    const seen = spyOnQueue();
    renderApp('/queue?priority=low&sampled=true&agency=ag-tsuki&from=2020-01-01&to=2099-12-31', { user: moderator });
    await waitFor(() => expect(callRefs()).toEqual(['CALL-0002']));
    expect(screen.getByLabelText('優先度')).toHaveValue('low');
    expect(screen.getByLabelText('発生元')).toHaveValue('true');
    expect(screen.getByLabelText('受付日（から）')).toHaveValue('2020-01-01');
    await waitFor(() => expect(screen.getByLabelText('所属事務所')).toHaveValue('ag-tsuki'));
    expect(seen[0]?.toString()).toBe('agency=ag-tsuki&priority=low&sampled=true&from=2020-01-01&to=2099-12-31');
  });

  it('lets a lead filter by assignee; moderators get no staff picker (the list is for leads)', async () => {
    const staffCalls: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname === '/api/review-items/assignable-staff') staffCalls.push(request.method);
    });
    const { unmount } = renderApp('/queue', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(5));
    expect(screen.queryByLabelText('担当者')).not.toBeInTheDocument();
    expect(staffCalls).toEqual([]);
    unmount();

    const { user, router } = renderApp('/queue', { user: lead });
    await screen.findByRole('option', { name: otherModerator.displayName });
    await user.selectOptions(screen.getByLabelText('担当者'), otherModerator.displayName);
    await waitFor(() => expect(currentSearch(router).get('assignee')).toBe(otherModerator.id));
    expect(await screen.findByText('条件に一致する案件はありません。')).toBeInTheDocument();
  });

  it('explains the priority score in a popover that Escape closes', async () => {
    const { user } = renderApp('/queue', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(5));
    const button = within(rowOf('CALL-0001')).getByRole('button', { name: /^高 52/ });
    expect(button).toHaveAttribute('aria-expanded', 'false');

    await user.click(button);

    const reasons = screen.getByRole('group', { name: '優先度の内訳' });
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(within(reasons).getByText('報告の種類: 嫌がらせ・暴言')).toBeInTheDocument();
    expect(within(reasons).getByText('+20')).toBeInTheDocument();
    expect(within(reasons).getByText('利用者の過去の報告 3 件・違反判定 1 件')).toBeInTheDocument();
    expect(within(reasons).getByText('配信者の過去の報告 4 件・違反判定 0 件')).toBeInTheDocument();
    expect(within(reasons).getByText('合計（上限 100 点）').nextSibling).toHaveTextContent('52');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: '優先度の内訳' })).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('"Start reviewing" claims the most urgent item and opens it', async () => {
    const posts: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname === '/api/review-items/next') posts.push(request.headers.get('x-csrf-token') ?? '');
    });
    reviewDb.items.find((i) => i.id === ids.item3)!.status = 'open';
    reviewDb.items.find((i) => i.id === ids.item3)!.assignee = null;
    const { user, router } = renderApp('/queue', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(5));

    await user.click(screen.getByRole('button', { name: 'レビューを開始' }));

    // moderators take from the moderators' queue: CALL-0004 is escalated to the leads
    await waitFor(() => expect(router.state.location.pathname).toBe(`/queue/${ids.item1}`));
    expect(posts).toEqual([`csrf-${moderator.id}`]);
    // The page moves focus to its heading once the item has loaded, which may be after it renders.
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'レビュー CALL-0001' })).toHaveFocus());
    expect(reviewDb.items.find((i) => i.id === ids.item1)!.assignee?.id).toBe(moderator.id);
  });

  it('says calmly that nothing is waiting when the API answers 204, and N does the same as the button', async () => {
    server.use(http.post('/api/review-items/next', () => new HttpResponse(null, { status: 204 })));
    const { user, router } = renderApp('/queue', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(5));

    await user.keyboard('n');

    expect(await screen.findByText('いまレビューを待っている案件はありません。新しい報告が届くとここに表示されます。')).toHaveAttribute(
      'role',
      'status',
    );
    expect(router.state.location.pathname).toBe('/queue');
  });

  it('keeps N for the search field while typing in it, and lists the keys on ?', async () => {
    const posts: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname === '/api/review-items/next') posts.push(request.method);
    });
    const { user } = renderApp('/queue', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(5));
    await user.type(screen.getByLabelText('配信者ID'), 'n');
    expect(screen.getByLabelText('配信者ID')).toHaveValue('n');
    expect(posts).toEqual([]);

    screen.getByRole('button', { name: 'レビューを開始' }).focus();
    await user.keyboard('?');
    const help = screen.getByRole('dialog', { name: 'キーボード操作' });
    expect(within(help).getByText('レビューを開始（最も優先度の高い案件を担当）')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'レビューを開始' })).toHaveFocus();
  });

  it('claims and releases a row; a claim that loses the race names the holder', async () => {
    const { user } = renderApp('/queue', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(5));
    // escalated items are the leads' and closed ones are done: nothing to claim there
    expect(within(rowOf('CALL-0004')).queryByRole('button', { name: /担当/ })).not.toBeInTheDocument();
    expect(within(rowOf('CALL-0005')).queryByRole('button', { name: /担当/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'CALL-0001 を担当する' }));
    await waitFor(() => expect(within(rowOf('CALL-0001')).getByText('(あなた)')).toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'CALL-0001 の担当を外す' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'CALL-0001 の担当を外す' }));
    await waitFor(() => expect(within(rowOf('CALL-0001')).getByText('未担当')).toBeInTheDocument());

    // someone else got there first
    const item = reviewDb.items.find((i) => i.id === ids.item2)!;
    Object.assign(item, { status: 'claimed', assignee: { id: otherModerator.id, displayName: otherModerator.displayName } });
    await user.click(screen.getByRole('button', { name: 'CALL-0002 を担当する' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('この案件はすでに 伊藤 美咲 さんが担当しています。');
  });

  it('a lead assigns selected items in bulk and sees what was done and skipped', async () => {
    const { user } = renderApp('/queue', { user: lead });
    await waitFor(() => expect(bodyRows()).toHaveLength(5));

    await user.click(screen.getByRole('checkbox', { name: 'CALL-0001 を選択' }));
    await user.click(screen.getByRole('checkbox', { name: 'CALL-0005 を選択' }));
    const toolbar = screen.getByRole('toolbar', { name: '選択した案件の操作' });
    expect(within(toolbar).getByText('2 件を選択中')).toBeInTheDocument();

    await user.click(within(toolbar).getByRole('button', { name: '割り当て…' }));
    const dialog = screen.getByRole('dialog', { name: '2 件の案件を割り当て' });
    await user.click(within(dialog).getByRole('button', { name: '割り当てる' }));
    expect(within(dialog).getByText('担当者を選択してください。')).toBeInTheDocument();
    await user.selectOptions(await within(dialog).findByLabelText('担当者'), '伊藤 美咲（モデレーター）');
    await user.click(within(dialog).getByRole('button', { name: '割り当てる' }));

    const result = (await screen.findByText(/1 件を処理しました。1 件はスキップしました。/)).closest<HTMLElement>('[role="status"]')!;
    expect(result).toHaveTextContent('1 件を処理しました。1 件はスキップしました。');
    expect(result).toHaveTextContent('CALL-0005: 完了済み');
    expect(result).toHaveFocus();
    expect(reviewDb.bulkBodies).toEqual([{ action: 'assign', ids: [ids.item1, ids.item5], staffUserId: otherModerator.id }]);
    await waitFor(() => expect(within(rowOf('CALL-0001')).getByText('伊藤 美咲')).toBeInTheDocument());
    expect(screen.queryByRole('toolbar')).not.toBeInTheDocument();
  });

  it('a moderator closes selected items as "no violation" with one rationale; no assign for them', async () => {
    const { user } = renderApp('/queue?status=open', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(2));

    await user.click(screen.getByRole('checkbox', { name: 'このページの案件をすべて選択' }));
    const toolbar = screen.getByRole('toolbar', { name: '選択した案件の操作' });
    expect(within(toolbar).getByText('2 件を選択中')).toBeInTheDocument();
    expect(within(toolbar).queryByRole('button', { name: '割り当て…' })).not.toBeInTheDocument();

    await user.click(within(toolbar).getByRole('button', { name: '違反なしで完了…' }));
    const dialog = screen.getByRole('dialog', { name: '2 件を「違反なし」で完了' });
    await user.type(within(dialog).getByLabelText('判断理由'), 'サンプリングで問題なし');
    await user.click(within(dialog).getByRole('button', { name: '完了にする' }));

    expect(await screen.findByText('2 件を処理しました。')).toBeInTheDocument();
    expect(reviewDb.bulkBodies).toEqual([
      { action: 'close_no_violation', ids: [ids.item1, ids.item2], rationale: 'サンプリングで問題なし' },
    ]);
    expect(await screen.findByText('条件に一致する案件はありません。')).toBeInTheDocument();
    expect(tab(/^完了/)).toHaveTextContent('完了3');
  });

  it('pages forward with the cursor in the URL and back to the first page', async () => {
    reviewDb.pageSize = 2;
    const { user, router } = renderApp('/queue', { user: moderator });
    await waitFor(() => expect(callRefs()).toEqual(['CALL-0004', 'CALL-0001']));
    await user.click(screen.getByRole('button', { name: '次のページ' }));
    await waitFor(() => expect(callRefs()).toEqual(['CALL-0003', 'CALL-0005']));
    expect(currentSearch(router).get('cursor')).toBe('page-2');
    await user.click(screen.getByRole('button', { name: '最初のページ' }));
    await waitFor(() => expect(callRefs()).toEqual(['CALL-0004', 'CALL-0001']));
    expect(currentSearch(router).get('cursor')).toBeNull();
  });

  it('is not there for auditors: no nav item, a plain refusal and no API call', async () => {
    const seen = spyOnQueue();
    renderApp('/queue', { user: auditor });
    expect(await screen.findByText('レビューキューはモデレーターとリードのみ利用できます。')).toBeInTheDocument();
    expect(
      within(screen.getByRole('navigation', { name: 'メインナビゲーション' })).queryByRole('link', { name: 'レビューキュー' }),
    ).toBeNull();
    expect(seen).toHaveLength(0);
  });

  it('speaks English too, ages included', async () => {
    window.localStorage.setItem('kura.language', 'en');
    renderApp('/queue', { user: moderator });
    expect(await screen.findByRole('heading', { level: 1, name: 'Review queue' })).toBeInTheDocument();
    const row = (await screen.findByRole('link', { name: 'Open the review of CALL-0001' })).closest('tr')!;
    expect(within(row).getByText('3 h 12 min')).toBeInTheDocument();
    expect(within(row).getByText('2 reports')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start reviewing' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /^Open/ })).toHaveTextContent('Open2');
  });
});
