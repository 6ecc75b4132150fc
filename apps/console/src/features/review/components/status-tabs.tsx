import { reviewStatuses, type ReviewStatus, type ReviewStatusCounts } from '@kura/contracts';
import { useRef, type KeyboardEvent } from 'react';
import { formatInteger } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

type Tab = ReviewStatus | 'all';
const TABS: readonly Tab[] = ['all', ...reviewStatuses];

interface StatusTabsProps {
  value: ReviewStatus | undefined;
  counts: ReviewStatusCounts | undefined;
  /** The API stops counting here: a count that reaches it means that many or more. */
  countLimit: number | undefined;
  onChange: (status: ReviewStatus | undefined) => void;
  /** The id of the table region the tabs control. */
  panelId: string;
}

/** Status tabs with the count of each (under the other filters); arrows move between them. */
export function StatusTabs({ value, counts, countLimit, onChange, panelId }: StatusTabsProps) {
  const { t } = useI18n();
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const current: Tab = value ?? 'all';
  // "All" adds the four; if any of them stopped at the limit, the sum is a lower bound too.
  const countOf = (tab: Tab): { n: number; more: boolean } | null => {
    if (!counts) return null;
    const reached = (s: ReviewStatus) => countLimit !== undefined && counts[s] >= countLimit;
    if (tab !== 'all') return { n: counts[tab], more: reached(tab) };
    return { n: reviewStatuses.reduce((sum, s) => sum + counts[s], 0), more: reviewStatuses.some(reached) };
  };
  const select = (tab: Tab) => onChange(tab === 'all' ? undefined : tab);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const move = { ArrowRight: 1, ArrowLeft: -1 }[event.key as 'ArrowRight' | 'ArrowLeft'];
    let next: number | null = move === undefined ? null : (index + move + TABS.length) % TABS.length;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = TABS.length - 1;
    if (next === null) return;
    event.preventDefault();
    refs.current[next]?.focus();
    select(TABS[next]!);
  };

  return (
    <div role="tablist" aria-label={t.review.queue.statusTabs} className="tabs">
      {TABS.map((tab, index) => {
        const count = countOf(tab);
        const selected = tab === current;
        return (
          <button
            key={tab}
            ref={(node) => {
              refs.current[index] = node;
            }}
            type="button"
            role="tab"
            id={`status-tab-${tab}`}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            className="tabs__tab"
            onClick={() => select(tab)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            <span>{tab === 'all' ? t.review.queue.all : t.review.statuses[tab]}</span>
            {count !== null &&
              (count.more ? (
                <span className="tabs__count" title={t.review.queue.countAtLeast(formatInteger(count.n))}>
                  {formatInteger(count.n)}+
                </span>
              ) : (
                <span className="tabs__count">{count.n}</span>
              ))}
          </button>
        );
      })}
    </div>
  );
}
