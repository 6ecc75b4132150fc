import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { auditor } from '@/testing/data';
import { db } from '@/testing/db';
import { apiError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

// The audit page's checkpoint panel, through the real route and API client against msw.

const panel = async () => screen.findByRole('region', { name: '署名付きチェックポイント' });

describe('the latest signed checkpoint on the audit page', () => {
  it('shows seq, time in JST, the signing key and that the chain still contains it', async () => {
    renderApp('/audit', { user: auditor });
    const p = await panel();
    expect(await within(p).findByRole('status')).toHaveTextContent('現在のチェーンはこのチェックポイントを含んでいます');
    expect(within(p).getByText('10 分ごとに自動で作成されます。', { exact: false })).toBeInTheDocument();
    const row = (label: string) => within(p).getByText(label).closest<HTMLElement>('.meta-row')!;
    expect(row('seq')).toHaveTextContent('14');
    expect(row('作成日時（JST）')).toHaveTextContent('2026/01/05 10:15:00');
    expect(row('署名鍵')).toHaveTextContent('ed25519-3f1c9a0b7d2e4c58');
    expect(row('保存先')).toHaveTextContent('audit-checkpoints/0000000000000014-20260105T011500000Z.json');
    expect(within(row('ハッシュ')).getByTitle(db.latestCheckpoint.checkpoint!.hash!)).toBeInTheDocument();
  });

  it.each([
    ['truncated', 'チェーンがこのチェックポイントより短くなっています。末尾の記録が削除されています'],
    ['rewritten', 'このチェックポイントの seq の記録が署名時と異なります。チェーンが書き換えられています'],
    ['bad_signature', 'このチェックポイントの署名を検証できません'],
  ] as const)('raises an alert when it stands %s', async (standing, text) => {
    db.latestCheckpoint = {
      everyMinutes: 10,
      checkpoint: { ...db.latestCheckpoint.checkpoint!, standing, ...(standing === 'bad_signature' ? { keyId: null, at: null } : {}) },
    };
    renderApp('/audit', { user: auditor });
    const p = await panel();
    expect(await within(p).findByRole('alert')).toHaveTextContent(text);
    if (standing === 'bad_signature') {
      const row = (label: string) => within(p).getByText(label).closest<HTMLElement>('.meta-row')!;
      expect(row('署名鍵')).toHaveTextContent('—');
      expect(row('作成日時（JST）')).toHaveTextContent('—');
    }
  });

  it('says when there is none yet and the schedule is off', async () => {
    db.latestCheckpoint = { everyMinutes: null, checkpoint: null };
    renderApp('/audit', { user: auditor });
    const p = await panel();
    expect(await within(p).findByText('チェックポイントはまだありません。')).toBeInTheDocument();
    expect(within(p).getByText('自動作成は無効です', { exact: false })).toBeInTheDocument();
  });

  it('says so when it cannot be loaded, in English too', async () => {
    server.use(http.get('/api/audit/checkpoints/latest', () => apiError(503, 'unavailable')));
    const { user } = renderApp('/audit', { user: auditor });
    const p = await panel();
    expect(await within(p).findByRole('alert')).toHaveTextContent('チェックポイントを読み込めませんでした。');
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('region', { name: 'Signed checkpoint' })).toHaveTextContent('Could not load the checkpoint.');
  });
});
