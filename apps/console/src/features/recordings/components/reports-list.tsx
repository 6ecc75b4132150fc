import type { ReportDto } from '@kura/contracts';
import { formatDateTime, formatOffset } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

interface ReportsListProps {
  reports: ReportDto[];
  /** Present while the player is up: a report's position in the recording then seeks it. */
  onSeek?: (seconds: number) => void;
}

export function ReportsList({ reports, onSeek }: ReportsListProps) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="reports-heading">
      <h2 id="reports-heading" className="panel__title">
        {t.detail.reports} <span className="count">{reports.length}</span>
      </h2>
      {reports.length === 0 ? (
        <p className="muted">{t.detail.noReports}</p>
      ) : (
        <ul className="report-list">
          {reports.map((report) => (
            <li key={report.id} className="report">
              <div className="report__head">
                <span className="badge badge--category">{t.categories[report.category]}</span>
                <span className="report__meta">
                  {t.detail.reportedBy}: {t.reporters[report.reporter]}
                </span>
                {report.atSeconds !== null && (
                  <span className="report__meta">
                    {t.detail.reportAt}:{' '}
                    {onSeek ? (
                      <button type="button" className="link-button mono" onClick={() => onSeek(report.atSeconds!)}>
                        {formatOffset(report.atSeconds)} <span className="sr-only">{t.detail.reportSeek}</span>
                      </button>
                    ) : (
                      <span className="mono">{formatOffset(report.atSeconds)}</span>
                    )}
                  </span>
                )}
                <span className="report__meta">
                  {t.detail.reportCreatedAt}: {formatDateTime(report.createdAt)}
                </span>
              </div>
              {report.note && <p className="report__note">{report.note}</p>}
              <p className="report__id">
                {t.detail.reportId}: <span className="mono">{report.id}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
