import { configure, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { auditor, moderator } from '@/testing/data';
import { packetLead } from '@/testing/packets-data';
import { packetsDb } from '@/testing/packets-db';
import { currentSearch, renderApp } from '@/testing/render';
import { server } from '@/testing/server';

// Lazy routes on a shared, busy machine: wait up to 5 s (a wait still ends as soon as the UI is there).
configure({ asyncUtilTimeout: 5_000 });

function spyOnListQueries(path = '/api/packets'): URLSearchParams[] {
  const seen: URLSearchParams[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === path) seen.push(url.searchParams);
  });
  return seen;
}

const table = () => screen.getByRole('table', { name: '証拠パケット' });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);

describe('packets list', { timeout: 20_000 }, () => {
  it('shows each packet with status, agency, creator, call, people, Tokyo times and counts', async () => {
    renderApp('/packets', { user: moderator });
    const link = await screen.findByRole('link', { name: 'パケット「共有済みのパケット」を開く' });
    expect(screen.getByRole('heading', { level: 1, name: '証拠パケット' })).toBeInTheDocument();
    expect(bodyRows()).toHaveLength(packetsDb.packets.length);
    const row = link.closest('tr')!;
    expect(within(row).getByText('共有済み')).toBeInTheDocument();
    expect(within(row).getByText('月エンタテインメント')).toBeInTheDocument();
    expect(within(row).getByText('蓮')).toBeInTheDocument();
    expect(within(row).getByText('CALL-0001')).toBeInTheDocument();
    expect(within(row).getByText('佐藤 花子')).toBeInTheDocument();
    expect(within(row).getByText('田中 美咲')).toBeInTheDocument();
    // 2026-01-06T07:00Z is 16:00 in Tokyo; approved 03:00Z → 12:00; shared 2026-01-07T01:00Z → 10:00
    expect(within(row).getByText('2026/01/06 16:00')).toBeInTheDocument();
    expect(within(row).getByText('2026/01/06 12:00')).toBeInTheDocument();
    expect(within(row).getByText('2026/01/07 10:00')).toBeInTheDocument();
    const [clips, liveLinks, replies] = within(row).getAllByRole('cell').slice(-3);
    expect([clips!.textContent, liveLinks!.textContent, replies!.textContent]).toEqual(['2', '1', '1']);

    const minorRow = screen.getByRole('link', { name: /未成年者の関与が疑われる通話/ }).closest('tr')!;
    expect(within(minorRow).getByText('未成年者関与')).toBeInTheDocument();
    expect(within(minorRow).getByText('未承認')).toBeInTheDocument();
  });

  it('keeps the status and agency filters in the URL and asks the API with them', async () => {
    const seen = spyOnListQueries();
    const { user, router } = renderApp('/packets', { user: packetLead });
    await screen.findByRole('link', { name: /共有済みのパケット/ });

    await user.selectOptions(screen.getByLabelText('状態'), 'ready');
    await waitFor(() => expect(currentSearch(router).get('status')).toBe('ready'));
    await waitFor(() => expect(seen.at(-1)?.get('status')).toBe('ready'));
    await waitFor(() => expect(bodyRows()).toHaveLength(4));

    await user.selectOptions(screen.getByLabelText('提供先事務所'), 'ag-tsuki');
    await waitFor(() => expect(currentSearch(router).toString()).toBe('status=ready&agency=ag-tsuki'));
    await waitFor(() => expect(screen.getByText('条件に一致する証拠パケットはありません。')).toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: '条件をクリア' }));
    await waitFor(() => expect(currentSearch(router).toString()).toBe(''));
    await waitFor(() => expect(bodyRows()).toHaveLength(packetsDb.packets.length));
  });

  it('reads a shared link with a recording filter and applies a typed one on Enter', async () => {
    const seen = spyOnListQueries();
    const { user, router } = renderApp('/packets?recording=rec-2&status=cutting', { user: moderator });
    await waitFor(() => expect(seen[0]?.get('recording')).toBe('rec-2'));
    expect(seen[0]?.get('status')).toBe('cutting');
    expect(await screen.findByText('条件に一致する証拠パケットはありません。')).toBeInTheDocument();
    expect(screen.getByLabelText('録画ID')).toHaveValue('rec-2');

    await user.clear(screen.getByLabelText('録画ID'));
    await user.type(screen.getByLabelText('録画ID'), 'rec-1{Enter}');
    await waitFor(() => expect(currentSearch(router).get('recording')).toBe('rec-1'));
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    expect(screen.getByRole('link', { name: /切り出し中のパケット/ })).toBeInTheDocument();
  });

  it('pages forward with the keyset cursor and back to the start', async () => {
    packetsDb.pageSize = 3;
    const seen = spyOnListQueries();
    const { user, router } = renderApp('/packets', { user: moderator });
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
    expect(screen.getByRole('button', { name: '最初のページ' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: '次のページ' }));
    await waitFor(() => expect(currentSearch(router).get('cursor')).toBe('c3'));
    await waitFor(() => expect(seen.at(-1)?.get('cursor')).toBe('c3'));
    // newest first: the second page starts with the fourth newest
    await waitFor(() => expect(screen.getByRole('link', { name: /承認済みのパケット/ })).toBeInTheDocument());
    expect(bodyRows()).toHaveLength(3);

    await user.click(screen.getByRole('button', { name: '最初のページ' }));
    await waitFor(() => expect(currentSearch(router).get('cursor')).toBeNull());
  });

  it('refuses an auditor plainly and asks the API nothing', async () => {
    const seen = spyOnListQueries();
    renderApp('/packets', { user: auditor });
    expect(await screen.findByText('証拠パケットはモデレーターとリードのみ閲覧できます。')).toBeInTheDocument();
    expect(seen).toHaveLength(0);
    expect(screen.queryByRole('link', { name: '証拠パケット' })).not.toBeInTheDocument();
  });

  it('names the new pages in the navigation by role', async () => {
    renderApp('/packets', { user: packetLead });
    const nav = await screen.findByRole('navigation', { name: 'メインナビゲーション' });
    expect(within(nav).getByRole('link', { name: '証拠パケット' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: '第三者提供記録' })).toBeInTheDocument();
  });
});
