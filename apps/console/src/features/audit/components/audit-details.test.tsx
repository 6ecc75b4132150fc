import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProvider } from '@/app/provider';
import { dictionaries } from '@/lib/i18n';
import { auditEvents } from '@/testing/audit-data';
import { AuditDetails } from './audit-details';

function renderDetails(details: Record<string, unknown>, lang: 'ja' | 'en' = 'ja') {
  return render(
    <AppProvider initialLanguage={lang}>
      <AuditDetails details={details} />
    </AppProvider>,
  );
}

const terms = () => screen.getAllByRole('term');

describe('audit details', () => {
  it('labels every key the chain writes in both languages, keeping the stored key as a tooltip', () => {
    const keys = [...new Set(auditEvents.flatMap((e) => Object.keys(e.details)))];
    expect(keys.length).toBeGreaterThan(15);
    for (const lang of ['ja', 'en'] as const) {
      const { unmount } = renderDetails(Object.fromEntries(keys.map((k) => [k, 1])), lang);
      const labels = dictionaries[lang].audit.detailKeys as Record<string, string>;
      for (const term of terms()) {
        const key = term.getAttribute('title')!;
        expect(labels[key], `${lang}: ${key}`).toBeDefined();
        expect(term).toHaveTextContent(`${labels[key]}:`);
      }
      unmount();
    }
  });

  it('gives a key it does not know a generic label, not the raw key', () => {
    renderDetails({ callRef: 'CALL-1', someNewField: 'x' });
    const [known, unknown] = terms();
    expect(known).toHaveTextContent('通話ID:');
    expect(unknown).toHaveTextContent('その他:');
    expect(unknown).toHaveAttribute('title', 'someNewField');
    expect(screen.queryByText(/someNewField/)).not.toBeInTheDocument();
  });

  it('translates the keys of recorded filters and yes/no values', () => {
    renderDetails({ filters: { q: 'u-1', limit: '25', mystery: 'm' }, intact: false });
    expect(screen.getByText('キーワード: u-1, 表示件数: 25, その他: m')).toBeInTheDocument();
    expect(screen.getByText('いいえ')).toBeInTheDocument();
  });

  it('shows coded values in words, with the stored code as a tooltip', () => {
    renderDetails({
      category: 'contact_exchange',
      reporter: 'user',
      roles: ['moderator', 'lead'],
      state: 'unplayable',
      reason: 'no_decodable_stream: Invalid data found when processing input',
    });
    expect(screen.getByText('連絡先の交換・外部への誘導')).toHaveAttribute('title', 'contact_exchange');
    expect(screen.getByText('利用者')).toHaveAttribute('title', 'user');
    expect(screen.getByText('モデレーター, リード')).toHaveAttribute('title', 'moderator, lead');
    expect(screen.getByText('再生不可')).toBeInTheDocument();
    expect(screen.getByText('再生できる映像・音声のストリームが見つかりませんでした。')).toHaveAttribute(
      'title',
      'no_decodable_stream: Invalid data found when processing input',
    );
  });

  it('names why a sign-in failed', () => {
    renderDetails({ reason: 'rate_limited' });
    expect(screen.getByText('試行回数の上限')).toHaveAttribute('title', 'rate_limited');
  });
});
