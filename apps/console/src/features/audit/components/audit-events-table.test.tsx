import type { AuditEventDto } from '@kura/contracts';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { I18nProvider, type Language } from '@/lib/i18n';
import { AuditEventsTable } from './audit-events-table';

function event(seq: number, actor: AuditEventDto['actor']): AuditEventDto {
  return {
    seq,
    at: '2026-01-05T00:58:11.000Z',
    actor,
    action: 'auth.login_failed',
    subject: { type: 'staff_user', id: 'unknown:3f9a1c2b7d4e' },
    purpose: null,
    requestId: null,
    details: { reason: 'bad_credentials' },
    hash: 'a'.repeat(64),
  };
}

const items = [
  event(1, { type: 'anonymous', id: 'anonymous', email: null, displayName: null }),
  event(2, { type: 'staff', id: 'anonymous', email: null, displayName: null }),
  event(3, { type: 'staff', id: 'b1c2d3e4-0000-4000-8000-000000000000', email: 'sato@kura.example', displayName: '佐藤 花子' }),
];

function renderTable(lang: Language) {
  render(
    <I18nProvider initialLanguage={lang}>
      <MemoryRouter>
        <AuditEventsTable items={items} loading={false} updating={false} />
      </MemoryRouter>
    </I18nProvider>,
  );
  const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
  return (seq: number) => rows.find((r) => within(r).getAllByRole('cell')[0]!.textContent === String(seq))!;
}

describe('the actor column', () => {
  it('names sign-in attempts as not signed in, and marks staff ids it cannot name as unknown (ja)', () => {
    const row = renderTable('ja');
    expect(within(row(1)).getByText('ログイン前の利用者')).toBeInTheDocument();
    expect(within(row(1)).getByText('未ログイン')).toBeInTheDocument();
    expect(within(row(1)).queryByText('anonymous:anonymous')).not.toBeInTheDocument();
    expect(within(row(2)).getByText('staff:anonymous')).toBeInTheDocument();
    expect(within(row(2)).getByText('不明なスタッフ')).toBeInTheDocument();
    expect(within(row(3)).getByText('佐藤 花子')).toBeInTheDocument();
    expect(within(row(3)).queryByText('不明なスタッフ')).not.toBeInTheDocument();
  });

  it('has the same labels in English', () => {
    const row = renderTable('en');
    expect(within(row(1)).getByText('Someone not signed in')).toBeInTheDocument();
    expect(within(row(1)).getByText('Not signed in')).toBeInTheDocument();
    expect(within(row(2)).getByText('Unknown staff')).toBeInTheDocument();
  });
});
