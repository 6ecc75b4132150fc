import type { ReportDto } from '@kura/contracts';
import { formatDateTime, formatOffset } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

/** The item's reports; a report's time in the recording seeks the player there. */
export function ReportsPanel({ reports, onSeek }: { reports: ReportDto[]; onSeek: ((ms: number) => void) | null }) {
  const { t } = useI18n();
  const r = t.review.reports;
  return (
    <section className="panel" aria-labelledby="review-reports-heading">
      <h2 id="review-reports-heading" className="panel__title">
        {r.title} <span className="count">{reports.length}</span>
      </h2>
      {reports.length === 0 ? (
        <p className="muted">{r.empty}</p>
      ) : (
        <ul className="report-list">
          {reports.map((report) => (
            <li key={report.id} className="report">
              <div className="report__head">
                <span className="badge badge--category">{t.categories[report.category]}</span>
                <span className="report__meta">
                  {r.reporter}: {t.reporters[report.reporter]}
                </span>
                {report.atSeconds !== null && (
                  <button
                    type="button"
                    className="link-button mono"
                    disabled={!onSeek}
                    aria-label={r.seek(formatOffset(report.atSeconds))}
                    onClick={() => onSeek?.(report.atSeconds! * 1000)}
                  >
                    {formatOffset(report.atSeconds)}
                  </button>
                )}
                <span className="report__meta">
                  {r.receivedAt}: {formatDateTime(report.createdAt)}
                </span>
              </div>
              {report.note && <p className="report__note">{report.note}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
