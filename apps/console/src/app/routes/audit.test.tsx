import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '@/testing/audit-data';
import { auditor, moderator } from '@/testing/data';
import { db } from '@/testing/db';
import { apiError } from '@/testing/handlers';
import { currentSearch, renderApp } from '@/testing/render';
import { server } from '@/testing/server';

/** Records the query string of every GET to `path` before the default handler answers. */
function spyOn(path: string): URLSearchParams[] {
  const seen: URLSearchParams[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === path) seen.push(url.searchParams);
  });
  return seen;
}

const table = () => screen.getByRole('table', { name: '監査イベント' });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);
const seqs = () => bodyRows().map((row) => Number(within(row).getAllByRole('cell')[0]!.textContent));
const rowOf = (seq: number) => bodyRows().find((row) => within(row).getAllByRole('cell')[0]!.textContent === String(seq))!;
const newest = auditEvents.length;

describe('audit log', () => {
  it('lists the chain newest first with translated actions, JST times and short hashes', async () => {
    const verify = spyOn('/api/audit/verify');
    renderApp('/audit', { user: auditor });
    expect(await screen.findByRole('heading', { name: '監査ログ' })).toBeInTheDocument();
    await waitFor(() => expect(bodyRows()).toHaveLength(auditEvents.length));
    expect(seqs()).toEqual(auditEvents.map((e) => e.seq).reverse());
    expect(
      within(screen.getByRole('navigation', { name: 'メインナビゲーション' })).getByRole('link', { name: '監査ログ' }),
    ).toHaveAttribute('href', '/audit');

    const media = rowOf(11);
    expect(within(media).getByText('録画の再生')).toHaveAttribute('title', 'media.read');
    expect(within(media).getByText('2026/01/05 10:01:05')).toBeInTheDocument();
    expect(within(media).getByText('佐藤 花子')).toBeInTheDocument();
    expect(within(media).getByText('犯罪行為の抑制')).toBeInTheDocument();
    expect(within(media).getByText('0–1,048,575')).toBeInTheDocument();
    expect(within(media).getByText('RPT-2026-0042')).toBeInTheDocument();
    expect(within(media).getByRole('link', { name: 'recording:rec-1' })).toHaveAttribute('href', '/recordings/rec-1');
    const hash = auditEvents[10]!.hash;
    expect(within(media).getByText(hash.slice(0, 12))).toHaveAttribute('title', hash);

    expect(within(rowOf(6)).getByText('ログイン失敗')).toBeInTheDocument();
    expect(within(rowOf(6)).getByText('staff:anonymous')).toBeInTheDocument();
    const ingest = rowOf(3);
    expect(within(ingest).getByText('録画の受信')).toBeInTheDocument();
    expect(within(ingest).getByText('service:tok-callhub-01')).toBeInTheDocument();
    expect(within(ingest).getByText('サービス')).toBeInTheDocument();
    expect(within(rowOf(4)).getByText('システム')).toBeInTheDocument();
    const call = within(rowOf(2)).getByText('call:c0a8e0f2…4a90');
    expect(call).toHaveAttribute('title', 'call:c0a8e0f2-5b1d-4c3e-9f6a-2d7b8e1c4a90');
    expect(within(rowOf(2)).queryByRole('link')).not.toBeInTheDocument();
    // Details keys in Japanese, the stored key kept as a tooltip.
    expect(within(rowOf(8)).getByText('報告: true, 表示件数: 25')).toBeInTheDocument();
    expect(within(rowOf(8)).getByText('絞り込み条件:')).toHaveAttribute('title', 'filters');
    expect(within(rowOf(8)).getByText('件数:')).toBeInTheDocument();
    expect(within(media).getByText('閲覧許可ID:')).toBeInTheDocument();
    expect(within(media).getByText('バイト範囲:')).toBeInTheDocument();
    expect(within(media).getByText('報告ID・案件番号:')).toBeInTheDocument();
    expect(within(rowOf(2)).getByText('新規作成:')).toBeInTheDocument();
    expect(within(rowOf(2)).getByText('はい')).toBeInTheDocument();
    expect(within(rowOf(6)).getByText('理由:')).toBeInTheDocument();
    expect(within(rowOf(newest)).getByText('チェーン検証')).toBeInTheDocument();
    expect(verify).toHaveLength(0);
  });

  it('puts the action filter in the URL, drops the cursor and refetches with action=', async () => {
    const seen = spyOn('/api/audit/events');
    const { user, router } = renderApp('/audit?before=12', { user: auditor });
    await waitFor(() => expect(seqs()[0]).toBe(11));
    expect(seen.at(-1)?.toString()).toBe('before=12');

    await user.selectOptions(screen.getByLabelText('操作'), 'ログイン');

    await waitFor(() => expect(currentSearch(router).get('action')).toBe('auth.login'));
    expect(currentSearch(router).get('before')).toBeNull();
    await waitFor(() => expect(seen.at(-1)?.toString()).toBe('action=auth.login'));
    await waitFor(() => expect(seqs()).toEqual([14, 7]));
    expect(screen.getByLabelText('操作')).toHaveValue('auth.login');
  });

  it('applies the subject filter on Enter', async () => {
    const seen = spyOn('/api/audit/events');
    const { user, router } = renderApp('/audit?action=media.read', { user: auditor });
    await waitFor(() => expect(seqs()).toEqual([11]));

    await user.type(screen.getByLabelText('対象ID'), 'rec-2{Enter}');

    await waitFor(() => expect(currentSearch(router).get('subject')).toBe('rec-2'));
    await waitFor(() => expect(seen.at(-1)?.toString()).toBe('action=media.read&subject=rec-2'));
    expect(await screen.findByText('条件に一致する監査イベントはありません。')).toBeInTheDocument();
  });

  it('pages to older events with nextBefore and back to the newest', async () => {
    db.auditPageSize = 5;
    const seen = spyOn('/api/audit/events');
    const { user, router } = renderApp('/audit', { user: auditor });
    await waitFor(() => expect(seqs()).toEqual([15, 14, 13, 12, 11]));
    expect(screen.getByRole('button', { name: '最新へ' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: '古い記録へ' }));

    await waitFor(() => expect(seen.at(-1)?.get('before')).toBe('11'));
    expect(currentSearch(router).get('before')).toBe('11');
    await waitFor(() => expect(seqs()).toEqual([10, 9, 8, 7, 6]));
    expect(screen.getByText('seq 11 より前の記録を表示しています。')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '最新へ' }));
    await waitFor(() => expect(currentSearch(router).get('before')).toBeNull());
    // The reads themselves joined the chain: the newest page now starts with them.
    await waitFor(() => expect(seqs()[0]).toBe(17));
    expect(within(rowOf(17)).getByText('監査ログの閲覧')).toBeInTheDocument();
  });

  it('verifies the chain only when asked and reports it intact', async () => {
    const verify = spyOn('/api/audit/verify');
    const { user } = renderApp('/audit', { user: auditor });
    await waitFor(() => expect(bodyRows()).toHaveLength(newest));
    expect(verify).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'ハッシュチェーンを検証' }));

    // 15 seeded events plus the read that loaded the table.
    expect(await screen.findByText(`改ざんは検出されませんでした（${newest + 1} 件）`)).toHaveClass('notice--success');
    expect(verify).toHaveLength(1);
    expect(db.auditEvents.at(-1)?.action).toBe('audit.verified');
  });

  it('names the first broken seq and shows it at the top of the table', async () => {
    db.auditBrokenSeq = 9;
    const seen = spyOn('/api/audit/events');
    const { user, router } = renderApp('/audit?action=auth.login', { user: auditor });
    await waitFor(() => expect(seqs()).toEqual([14, 7]));

    await user.click(screen.getByRole('button', { name: 'ハッシュチェーンを検証' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('seq 9 以降の記録が改ざんされています');
    await user.click(within(alert).getByRole('link', { name: 'seq 9 の記録を表示' }));

    await waitFor(() => expect(router.state.location.search).toBe('?before=10'));
    await waitFor(() => expect(seen.at(-1)?.toString()).toBe('before=10'));
    await waitFor(() => expect(seqs()[0]).toBe(9));
    expect(rowOf(9)).toHaveClass('row--broken');
    expect(screen.getByLabelText('操作')).toHaveValue('');
  });

  it('says so when the verification fails', async () => {
    server.use(http.get('/api/audit/verify', () => apiError(500, 'internal')));
    const { user } = renderApp('/audit', { user: auditor });
    await user.click(await screen.findByRole('button', { name: 'ハッシュチェーンを検証' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('ハッシュチェーンを検証できませんでした。');
  });

  it('shows English labels after switching language', async () => {
    const { user } = renderApp('/audit', { user: auditor });
    await waitFor(() => expect(bodyRows()).toHaveLength(newest));
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('link', { name: 'Audit log' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Verify hash chain' })).toBeInTheDocument();
    const events = screen.getByRole('table', { name: 'Audit events' });
    expect(within(events).getByText('Played media')).toHaveAttribute('title', 'media.read');
    expect(within(events).getByText('Failed sign-in')).toBeInTheDocument();
  });

  it('tells a non-auditor which role it takes, without calling the API or offering the link', async () => {
    const seen = spyOn('/api/audit/events');
    renderApp('/audit', { user: moderator });
    expect(await screen.findByText('監査ログの閲覧には「監査担当」ロールが必要です。')).toBeInTheDocument();
    expect(screen.getByText('あなたのロール: モデレーター')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '利用できるページへ移動' })).toHaveAttribute('href', '/queue');
    const nav = screen.getByRole('navigation', { name: 'メインナビゲーション' });
    expect(within(nav).getByRole('link', { name: '録画一覧' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: '監査ログ' })).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'ハッシュチェーンを検証' })).not.toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(0);
  });

  it('shows a refusal when the API answers 403', async () => {
    server.use(http.get('/api/audit/events', () => apiError(403, 'forbidden')));
    renderApp('/audit', { user: auditor });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('監査ログの閲覧には「監査担当」ロールが必要です。');
    expect(within(alert).queryByRole('button', { name: '再試行' })).not.toBeInTheDocument();
  });
});
