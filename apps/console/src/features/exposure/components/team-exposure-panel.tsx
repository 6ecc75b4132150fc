import { useId } from 'react';
import { useI18n } from '@/lib/i18n';
import { useTeamExposure } from '../api/get-team-exposure';
import { formatPlayedMinutes } from './format-minutes';
import { SeverityBreakdown } from './severity-breakdown';

/**
 * The team's played time today, for leads. Totals only, by design: no per-person figure or
 * ranking appears anywhere on screen (the API does not send any).
 */
export function TeamExposurePanel({ headingLevel = 3 }: { headingLevel?: 2 | 3 }) {
  const { t } = useI18n();
  const titleId = useId();
  const team = useTeamExposure({ enabled: true });
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  return (
    <section className="exposure-team" aria-labelledby={titleId}>
      <Heading id={titleId} className="exposure-team__title">
        {t.exposure.team.title}
        {team.data && <span className="count"> {team.data.day}</span>}
      </Heading>
      {team.isError ? (
        <p role="alert" className="field-error">
          {t.exposure.team.loadError}
        </p>
      ) : team.isPending ? (
        <p className="muted">{t.common.loading}</p>
      ) : (
        <>
          <dl className="exposure-team__totals">
            <div className="severity-breakdown__row">
              <dt>{t.exposure.team.total}</dt>
              <dd>{formatPlayedMinutes(team.data.totalMs, t)}</dd>
            </div>
            <div className="severity-breakdown__row">
              <dt>{t.exposure.team.reviewers}</dt>
              <dd>{t.exposure.team.people(team.data.reviewers)}</dd>
            </div>
          </dl>
          <SeverityBreakdown bySeverity={team.data.bySeverity} label={`${t.exposure.team.title}: ${t.exposure.bySeverity}`} />
          <p className="muted exposure__note">{t.exposure.team.note}</p>
        </>
      )}
    </section>
  );
}
