import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { admin, auditor, moderator, recordings } from '@/testing/data';
import { apiError } from '@/testing/handlers';
import { currentSearch, renderApp } from '@/testing/render';
import { server } from '@/testing/server';

/** Records the query string of every GET /api/recordings before the default handler answers. */
function spyOnListQueries(): URLSearchParams[] {
  const seen: URLSearchParams[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/api/recordings') seen.push(url.searchParams);
  });
  return seen;
}

const bodyRows = () =>
  within(screen.getByRole('table', { name: '録画' }))
    .getAllByRole('row')
    .slice(1);

describe('recordings list', () => {
  it('renders a row per recording from the API, times in Tokyo', async () => {
    renderApp('/recordings', { user: moderator });
    const first = await screen.findByRole('link', { name: /録画 CALL-0001 を開く$/ });
    expect(first).toHaveTextContent('2026/01/01 09:00');
    expect(bodyRows()).toHaveLength(recordings.length);
    const row = first.closest('tr')!;
    expect(within(row).getByText('葵')).toBeInTheDocument();
    expect(within(row).getByText('星プロダクション')).toBeInTheDocument();
    expect(within(row).getByText('u-1001')).toBeInTheDocument();
    expect(within(row).getByText('再生可能')).toBeInTheDocument();
    expect(within(row).getByText('12:34')).toBeInTheDocument();
    expect(within(row).getByText('2')).toBeInTheDocument();
    const processingRow = screen.getByRole('link', { name: /録画 CALL-0002 を開く$/ }).closest('tr')!;
    expect(within(processingRow).getByText('処理中')).toHaveClass('badge--state-processing');
  });

  it('puts a changed filter in the URL and refetches with it', async () => {
    const seen = spyOnListQueries();
    const { user, router } = renderApp('/recordings', { user: moderator });
    await screen.findByRole('link', { name: /録画 CALL-0001 を開く$/ });
    expect(seen.at(-1)?.get('state')).toBeNull();

    await user.selectOptions(screen.getByLabelText('状態'), 'processing');

    await waitFor(() => expect(currentSearch(router).get('state')).toBe('processing'));
    await waitFor(() => expect(seen.at(-1)?.get('state')).toBe('processing'));
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    expect(screen.getByRole('link', { name: /録画 CALL-0002 を開く$/ })).toBeInTheDocument();
  });

  it('applies the free-text search on submit and combines it with other filters', async () => {
    const seen = spyOnListQueries();
    const { user, router } = renderApp('/recordings?reported=true', { user: moderator });
    await screen.findByRole('link', { name: /録画 CALL-0001 を開く$/ });
    expect(screen.getByLabelText('報告')).toHaveValue('true');

    await user.type(screen.getByLabelText('キーワード'), 'u-3003{Enter}');

    await waitFor(() => expect(currentSearch(router).get('q')).toBe('u-3003'));
    expect(currentSearch(router).get('reported')).toBe('true');
    await waitFor(() => expect(seen.at(-1)?.toString()).toBe('q=u-3003&reported=true'));
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    expect(screen.getByRole('link', { name: /録画 CALL-0003 を開く$/ })).toBeInTheDocument();
  });

  it('reads filters from a shared link and fills the agency dropdown', async () => {
    const seen = spyOnListQueries();
    renderApp('/recordings?agency=ag-tsuki&from=2026-01-02', { user: moderator });
    expect(await screen.findByRole('option', { name: '月エンタテインメント' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('所属事務所')).toHaveValue('ag-tsuki'));
    expect(screen.getByLabelText('開始日（から）')).toHaveValue('2026-01-02');
    expect(seen[0]?.get('agency')).toBe('ag-tsuki');
    expect(seen[0]?.get('from')).toBe('2026-01-02');
  });

  it('shows an empty state when nothing matches', async () => {
    renderApp('/recordings?q=nothing-like-this', { user: moderator });
    expect(await screen.findByText('条件に一致する録画はありません。')).toBeInTheDocument();
  });

  it('shows an error with the request id when the API fails', async () => {
    server.use(http.get('/api/recordings', () => apiError(500, 'internal', 'boom')));
    renderApp('/recordings', { user: moderator });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('録画一覧を読み込めませんでした。');
    expect(alert).toHaveTextContent(/リクエストID: req-\d+/);
  });

  it('pages forward with the cursor in the URL and back to the first page', async () => {
    const seen = spyOnListQueries();
    server.use(
      http.get('/api/recordings', ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        const [a, b, c] = recordings;
        const items = cursor === 'page-2' ? [c] : [a, b];
        return HttpResponse.json({ items, nextCursor: cursor === 'page-2' ? null : 'page-2' });
      }),
    );
    const { user, router } = renderApp('/recordings', { user: moderator });
    await screen.findByRole('link', { name: /録画 CALL-0001 を開く$/ });
    expect(screen.getByRole('button', { name: '最初のページ' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: '次のページ' }));
    expect(await screen.findByRole('link', { name: /録画 CALL-0003 を開く$/ })).toBeInTheDocument();
    expect(currentSearch(router).get('cursor')).toBe('page-2');
    expect(seen.at(-1)?.get('cursor')).toBe('page-2');
    expect(screen.getByRole('button', { name: '次のページ' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: '最初のページ' }));
    expect(await screen.findByRole('link', { name: /録画 CALL-0001 を開く$/ })).toBeInTheDocument();
    expect(currentSearch(router).get('cursor')).toBeNull();
  });

  it('opens the recording when a row is clicked', async () => {
    const { user, router } = renderApp('/recordings', { user: moderator });
    const link = await screen.findByRole('link', { name: /録画 CALL-0003 を開く$/ });
    await user.click(within(link.closest('tr')!).getByText('u-3003'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/recordings/rec-3'));
  });

  it('names each row link by its visible time first, then the call it opens', async () => {
    renderApp('/recordings', { user: moderator });
    const link = await screen.findByRole('link', { name: '2026/01/01 09:00 録画 CALL-0001 を開く' });
    expect(link).not.toHaveAttribute('aria-label');
  });

  it("puts focus on the new page's heading after navigating, but not on first load or a filter change", async () => {
    const { user } = renderApp('/recordings', { user: moderator });
    const heading = await screen.findByRole('heading', { level: 1, name: '録画一覧' });
    expect(heading).toHaveAttribute('tabindex', '-1');
    expect(document.activeElement).not.toBe(heading);

    const state = screen.getByLabelText('状態');
    await user.selectOptions(state, 'ready');
    expect(document.activeElement).toBe(state);

    await user.click(await screen.findByRole('link', { name: /録画 CALL-0001 を開く$/ }));
    const detail = await screen.findByRole('heading', { level: 1, name: '録画 CALL-0001' });
    await waitFor(() => expect(document.activeElement).toBe(detail));

    await user.click(screen.getByRole('link', { name: /録画一覧に戻る/ }));
    const list = await screen.findByRole('heading', { level: 1, name: '録画一覧' });
    await waitFor(() => expect(document.activeElement).toBe(list));
  });

  it('explains a bad cursor and clears it from the URL, keeping the filters', async () => {
    const seen = spyOnListQueries();
    const { user, router } = renderApp('/recordings?state=ready&cursor=not-a-cursor', { user: moderator });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('ページ位置の指定が無効です。');
    expect(within(alert).queryByRole('button', { name: '再試行' })).not.toBeInTheDocument();

    await user.click(within(alert).getByRole('button', { name: '最初のページを表示' }));

    await waitFor(() => expect(currentSearch(router).get('cursor')).toBeNull());
    expect(currentSearch(router).get('state')).toBe('ready');
    expect(await screen.findByRole('link', { name: /録画 CALL-0001 を開く$/ })).toBeInTheDocument();
    expect(seen.at(-1)?.toString()).toBe('state=ready');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('points out an inverted date range at the filter and asks the API nothing', async () => {
    const seen = spyOnListQueries();
    const { router } = renderApp('/recordings?from=2026-01-05&to=2026-01-02', { user: moderator });
    const error = await screen.findByRole('alert');
    expect(error).toHaveTextContent('「開始日（まで）」は「開始日（から）」と同じ日かそれ以降にしてください。');
    const search = screen.getByRole('search', { name: '絞り込み' });
    expect(search).toContainElement(error);
    expect(screen.getByLabelText('開始日（まで）')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('開始日（まで）')).toHaveAccessibleDescription(error.textContent!);
    expect(screen.queryByText('条件に一致する録画はありません。')).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(0);

    // Fixing the range asks again.
    fireEvent.change(screen.getByLabelText('開始日（まで）'), { target: { value: '2026-01-06' } });
    await waitFor(() => expect(currentSearch(router).get('to')).toBe('2026-01-06'));
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('tells an admin which roles may use the list, without asking the API', async () => {
    const seen = spyOnListQueries();
    renderApp('/recordings', { user: admin });
    expect(
      await screen.findByText('録画一覧の閲覧には「モデレーター」「リード」「監査担当」のいずれかのロールが必要です。'),
    ).toBeInTheDocument();
    expect(screen.getByText('あなたのロール: 管理者')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '利用できるページへ移動' })).toHaveAttribute('href', '/account');
    expect(screen.queryByRole('button', { name: '再試行' })).not.toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(0);
  });

  it('names the roles and offers no retry when the API refuses the list with 403', async () => {
    server.use(http.get('/api/recordings', () => apiError(403, 'forbidden', 'not allowed')));
    renderApp('/recordings', { user: auditor });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('録画一覧の閲覧には「モデレーター」「リード」「監査担当」のいずれかのロールが必要です。');
    expect(within(alert).queryByRole('button', { name: '再試行' })).not.toBeInTheDocument();
  });
});
