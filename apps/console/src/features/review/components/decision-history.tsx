import { closingOutcomes, type DecisionDto, type FlagDto } from '@kura/contracts';
import type { ReactNode } from 'react';
import { formatDateTime, formatPreciseOffset } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PolicyClause } from './policy-clause';

interface DecisionHistoryProps {
  decisions: DecisionDto[];
  flags: FlagDto[];
  /** The lead's reopen, offered on the latest closing decision of a closed item. */
  onReopen: (() => void) | null;
  /** What can be done now (decide, or the closed banner), above the history. */
  children?: ReactNode;
}

/** Every decision on the item, oldest first; a reopened one stays, marked with who and why. */
export function DecisionHistory({ decisions, flags, onReopen, children }: DecisionHistoryProps) {
  const { t } = useI18n();
  const d = t.review.decision;
  const byId = new Map(flags.map((f) => [f.id, f]));
  const reopenable = [...decisions].reverse().find((x) => closingOutcomes.includes(x.outcome));

  return (
    <section className="panel" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading" className="panel__title">
        {d.title}
      </h2>
      {children}
      <h3 className="panel__subtitle">
        {d.history} <span className="count">{decisions.length}</span>
      </h3>
      {decisions.length === 0 ? (
        <p className="muted">{d.noHistory}</p>
      ) : (
        <ol className="decision-list">
          {decisions.map((decision) => (
            <li key={decision.id} className={`decision${decision.reopened ? ' decision--reopened' : ''}`} data-testid="decision">
              <div className="decision__head">
                <span className={`badge badge--outcome badge--outcome-${decision.outcome}`}>{t.review.outcomes[decision.outcome]}</span>
                {decision.suspendDays !== null && <span className="badge">{d.suspendFor(decision.suspendDays)}</span>}
                {decision.reopened && <span className="badge badge--reopened">{d.reopened}</span>}
                <span className="decision__meta">{d.decidedBy(decision.decidedBy.displayName, formatDateTime(decision.decidedAt))}</span>
                {onReopen && decision === reopenable && !decision.reopened && (
                  <button type="button" className="button button--small button--ghost decision__reopen" onClick={onReopen}>
                    {d.reopen}
                  </button>
                )}
              </div>
              <p className="decision__rationale">{decision.rationale}</p>
              {decision.flagIds.length > 0 && (
                <p className="decision__meta">
                  {d.citedFlags(decision.flagIds.length)}:{' '}
                  {decision.flagIds
                    .map((flagId) => byId.get(flagId))
                    .filter((f): f is FlagDto => !!f)
                    .map((f) => `${t.categories[f.category]} ${formatPreciseOffset(f.startMs)}–${formatPreciseOffset(f.endMs)}`)
                    .join(' / ')}
                </p>
              )}
              {decision.policyClauses.length > 0 && (
                <details className="decision__clauses">
                  <summary>{t.review.policy.version(decision.policyVersion)}</summary>
                  {decision.policyClauses.map((clause) => (
                    <PolicyClause key={clause} id={clause} />
                  ))}
                </details>
              )}
              {decision.reopened && (
                <p className="decision__meta decision__meta--reopened">
                  {d.reopenedBy(decision.reopened.by.displayName, formatDateTime(decision.reopened.at), decision.reopened.reason)}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
