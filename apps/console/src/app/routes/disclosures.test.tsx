import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { admin, lead, moderator } from '@/testing/data';
import { currentSearch, renderApp } from '@/testing/render';
import { rightsDb } from '@/testing/rights';

describe('disclosure requests', () => {
  it('lists requests with their status; the status filter lives in the URL', async () => {
    const { user, router } = renderApp('/disclosures', { user: lead });
    const table = await screen.findByRole('table', { name: '開示請求' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('u-1001');
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('未対応');
    await user.selectOptions(screen.getByLabelText('状態'), 'pending');
    await waitFor(() => expect(currentSearch(router).get('status')).toBe('pending'));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
  });

  it('produces the export (audited by the API), shows it as a printable page and offers the JSON', async () => {
    const { user } = renderApp('/disclosures', { user: admin });
    await user.click(await screen.findByRole('link', { name: '利用者 u-1001 の開示請求を開く' }));
    expect(await screen.findByRole('heading', { level: 1, name: '開示請求: 利用者 u-1001' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'JSON をダウンロード' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '開示データを作成' }));
    const view = await screen.findByRole('article', { name: '開示データ' });
    expect(rightsDb.exports).toEqual(['disc-1']);
    expect(within(view).getByRole('table', { name: '通話' })).toHaveTextContent('CALL-0001');
    expect(within(view).getByRole('table', { name: '報告' })).toHaveTextContent('大声で怒鳴られた');
    expect(within(view).getByRole('table', { name: 'スタッフ等による閲覧（役割別・日別）' })).toHaveTextContent('モデレーター');
    expect(within(view).getByRole('table', { name: '開示しない項目' })).toHaveTextContent('本人又は第三者の権利利益を害するおそれ');
    expect(within(view).getByRole('heading', { name: 'フラグ (0)' })).toBeInTheDocument();
    expect(within(view).getByText(/開示することで当社の業務の適正な実施に著しい支障/)).toBeInTheDocument();
    // The request is now done.
    await waitFor(() => expect(screen.getByRole('button', { name: '開示データを再作成' })).toBeInTheDocument());

    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    await user.click(screen.getByRole('button', { name: '印刷' }));
    expect(print).toHaveBeenCalledOnce();

    const createObjectURL = vi.fn(() => 'blob:export');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await user.click(screen.getByRole('button', { name: 'JSON をダウンロード' }));
    expect(click).toHaveBeenCalledOnce();
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    expect(JSON.parse(await blob.text())).toMatchObject({ type: 'kura.disclosure_export', subject: { userRef: 'u-1001' } });
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:export');
  });

  it('says so when the request does not exist', async () => {
    renderApp('/disclosures/nope', { user: lead });
    expect(await screen.findByText('開示請求が見つかりません。')).toBeInTheDocument();
  });

  it('tells a moderator which roles the page needs', async () => {
    renderApp('/disclosures', { user: moderator });
    expect(await screen.findByText(/「リード」「管理者」/)).toBeInTheDocument();
  });
});
