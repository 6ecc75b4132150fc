import { configure, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { auditor, moderator } from '@/testing/data';
import { packetLead } from '@/testing/packets-data';
import { packetsDb } from '@/testing/packets-db';
import { currentSearch, renderApp } from '@/testing/render';
import { server } from '@/testing/server';

// Lazy routes on a shared, busy machine: wait up to 5 s (a wait still ends as soon as the UI is there).
configure({ asyncUtilTimeout: 5_000 });

function spyOnQueries(): URLSearchParams[] {
  const seen: URLSearchParams[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/api/provision-records') seen.push(url.searchParams);
  });
  return seen;
}

const rows = () =>
  within(screen.getByRole('table', { name: '第三者提供記録' }))
    .getAllByRole('row')
    .slice(1);
const csvLink = () => screen.getByRole('link', { name: 'CSV で出力' });
const csvParams = () => new URL(csvLink().getAttribute('href')!, 'http://x').searchParams;

describe('provision records', { timeout: 20_000 }, () => {
  it('lists each record: date in Tokyo, recipient, data subject, items, basis, packet, approver, kept until', async () => {
    renderApp('/provision-records', { user: auditor });
    expect(await screen.findByRole('heading', { level: 1, name: '第三者提供記録' })).toBeInTheDocument();
    await waitFor(() => expect(rows()).toHaveLength(3));
    const [first, second, third] = rows();
    expect(within(first!).getByText('2026/01/07 10:00:00')).toBeInTheDocument();
    expect(within(first!).getByText('月エンタテインメント')).toBeInTheDocument();
    expect(within(first!).getByText('利用者')).toBeInTheDocument();
    expect(within(first!).getByText('u-2002')).toBeInTheDocument();
    expect(within(first!).getByText(/通話 CALL-0002 の映像・音声/)).toBeInTheDocument();
    expect(within(first!).getByText(/利用者の同意（プライバシーポリシー 2020-12-18 版/)).toBeInTheDocument();
    expect(within(first!).getByText('プライバシーポリシー 2020-12-18 版')).toBeInTheDocument();
    expect(within(first!).getByRole('link', { name: 'pkt-shar' })).toHaveAttribute('href', '/packets/pkt-shared');
    expect(within(first!).getByText('田中 美咲')).toBeInTheDocument();
    expect(within(first!).getByText('2029/01/07 10:00')).toBeInTheDocument();
    expect(within(second!).getByText('配信者')).toBeInTheDocument();
    // 2026-01-02T23:30Z is already the 3rd in Tokyo
    expect(within(third!).getByText('2026/01/03 08:30:00')).toBeInTheDocument();
  });

  it('keeps filters in the URL, asks the API with them, and the CSV export carries the same filters', async () => {
    const seen = spyOnQueries();
    const { user, router } = renderApp('/provision-records', { user: packetLead });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(csvParams().toString()).toBe('format=csv');
    expect(csvLink()).toHaveAttribute('download');

    await user.selectOptions(screen.getByLabelText('提供先事務所'), 'ag-tsuki');
    await waitFor(() => expect(currentSearch(router).get('agency')).toBe('ag-tsuki'));
    await user.type(screen.getByLabelText('本人の参照ID'), 'cr-ren{Enter}');
    await waitFor(() => expect(currentSearch(router).get('subject')).toBe('cr-ren'));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(seen.at(-1)?.get('agency')).toBe('ag-tsuki');
    expect(seen.at(-1)?.get('subject')).toBe('cr-ren');

    expect(csvLink().getAttribute('href')!.startsWith('/api/provision-records?')).toBe(true);
    expect(Object.fromEntries(csvParams())).toEqual({ format: 'csv', agency: 'ag-tsuki', subject: 'cr-ren' });

    // the export answers CSV for exactly those filters
    const csv = await fetch(new URL(csvLink().getAttribute('href')!, window.location.origin));
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.trim().split('\r\n')).toHaveLength(2);
    expect(text).toContain('cr-ren');
  });

  it('reads date filters from a shared link and applies them', async () => {
    const seen = spyOnQueries();
    renderApp('/provision-records?from=2026-01-03&to=2026-01-03', { user: auditor });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByLabelText('提供日（から）')).toHaveValue('2026-01-03');
    expect(screen.getByLabelText('提供日（まで）')).toHaveValue('2026-01-03');
    expect(seen[0]?.get('from')).toBe('2026-01-03');
    expect(Object.fromEntries(csvParams())).toEqual({ format: 'csv', from: '2026-01-03', to: '2026-01-03' });
    expect(within(rows()[0]!).getByText('u-1001')).toBeInTheDocument();
  });

  it('pages with the keyset cursor, and the export still covers every page', async () => {
    packetsDb.pageSize = 2;
    const seen = spyOnQueries();
    const { user, router } = renderApp('/provision-records?from=2026-01-01', { user: auditor });
    await waitFor(() => expect(rows()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: '次のページ' }));
    await waitFor(() => expect(currentSearch(router).get('cursor')).toBe('c2'));
    await waitFor(() => expect(seen.at(-1)?.get('cursor')).toBe('c2'));
    expect(seen.at(-1)?.get('from')).toBe('2026-01-01');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(csvParams().has('cursor')).toBe(false);
    await user.click(screen.getByRole('button', { name: '最初のページ' }));
    await waitFor(() => expect(currentSearch(router).toString()).toBe('from=2026-01-01'));
  });

  it('refuses a moderator plainly and asks the API nothing', async () => {
    const seen = spyOnQueries();
    renderApp('/provision-records', { user: moderator });
    expect(await screen.findByText('第三者提供記録はリードと監査担当のみ閲覧できます。')).toBeInTheDocument();
    expect(seen).toHaveLength(0);
    expect(screen.queryByRole('link', { name: 'CSV で出力' })).not.toBeInTheDocument();
  });
});
