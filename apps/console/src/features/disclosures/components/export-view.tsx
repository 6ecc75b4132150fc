import type { DisclosureExportDto } from '@kura/contracts';
import type { ReactNode } from 'react';
import { formatBytes, formatDateTime, formatDuration } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import './disclosure.css';

function Section({ id, title, count, children }: { id: string; title: string; count: number; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{`${title} (${count})`}</h3>
      {count === 0 ? <p className="muted">{t.rights.exportView.empty}</p> : children}
    </section>
  );
}

function Table({ label, head, children }: { label: string; head: string[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

const when = (v: string | null) => (v ? formatDateTime(v) : '—');
/** A label for a code the export carries as text; the code itself if the console has none. */
const label = (labels: Record<string, string>, code: string) => labels[code] ?? code;

/** The export as a page to read or print: the same content as the JSON file, in the reader's language. */
export function ExportView({ doc }: { doc: DisclosureExportDto }) {
  const { t } = useI18n();
  const e = t.rights.exportView;
  const c = e.cols;
  return (
    <article className="export-view" aria-labelledby="export-heading">
      <h2 id="export-heading" className="panel__title">
        {e.heading}
      </h2>
      <dl className="meta-grid">
        <div className="meta-row">
          <dt>{e.subject}</dt>
          <dd className="mono">{doc.subject.userRef}</dd>
        </div>
        <div className="meta-row">
          <dt>{e.producedAt}</dt>
          <dd>{formatDateTime(doc.producedAt, { seconds: true })}</dd>
        </div>
        <div className="meta-row">
          <dt>{e.minor}</dt>
          <dd>{doc.subject.minor ? e.yes : e.no}</dd>
        </div>
        <div className="meta-row">
          <dt>{e.withdrawnAt}</dt>
          <dd>{when(doc.subject.withdrawnAt)}</dd>
        </div>
      </dl>

      <Section id="export-calls" title={e.calls} count={doc.calls.length}>
        <Table label={e.calls} head={[c.callRef, c.startedAt, c.endedAt, c.creator, c.agency]}>
          {doc.calls.map((x) => (
            <tr key={x.ref}>
              <td className="mono">{x.ref}</td>
              <td className="nowrap">{formatDateTime(x.startedAt)}</td>
              <td className="nowrap">{formatDateTime(x.endedAt)}</td>
              <td>{x.creator.name}</td>
              <td>{x.agency.name}</td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="export-recordings" title={e.recordings} count={doc.recordings.length}>
        <Table label={e.recordings} head={[c.callRef, c.state, c.duration, c.size, c.retainUntil, c.policies]}>
          {doc.recordings.map((x, i) => (
            <tr key={`${x.callRef}-${i}`}>
              <td className="mono">{x.callRef}</td>
              <td>{label(t.states, x.state)}</td>
              <td>{formatDuration(x.durationMs)}</td>
              <td>{formatBytes(x.bytes)}</td>
              <td className="nowrap">
                {when(x.retainUntil)} <span className="muted">({t.rights.reasons[x.retentionReason]})</span>
              </td>
              <td className="mono">
                {x.privacyPolicyVersion} / {x.retentionPolicyVersion}
              </td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="export-reports" title={e.reports} count={doc.reports.length}>
        <Table label={e.reports} head={[c.callRef, c.direction, c.category, c.createdAt, c.note]}>
          {doc.reports.map((x, i) => (
            <tr key={i}>
              <td className="mono">{x.callRef}</td>
              <td>{e.directions[x.direction]}</td>
              <td>{t.categories[x.category]}</td>
              <td className="nowrap">{formatDateTime(x.createdAt)}</td>
              <td>{x.note ?? '—'}</td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="export-flags" title={e.flags} count={doc.flags.length}>
        <Table label={e.flags} head={[c.callRef, c.category, c.severity, c.range, c.createdAt, c.retracted]}>
          {doc.flags.map((x, i) => (
            <tr key={i}>
              <td className="mono">{x.callRef}</td>
              <td>{t.categories[x.category]}</td>
              <td>{label(t.packets.severities, x.severity)}</td>
              <td className="nowrap">{`${formatDuration(x.startMs)}–${formatDuration(x.endMs)}`}</td>
              <td className="nowrap">{formatDateTime(x.createdAt)}</td>
              <td className="nowrap">{when(x.retractedAt)}</td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="export-decisions" title={e.decisions} count={doc.decisions.length}>
        <Table label={e.decisions} head={[c.callRef, c.outcome, c.decidedAt, c.policies]}>
          {doc.decisions.map((x, i) => (
            <tr key={i}>
              <td className="mono">{x.callRef}</td>
              <td>
                {label(t.packets.outcomes, x.outcome)}
                {x.suspendDays !== null ? ` (${x.suspendDays})` : ''}
              </td>
              <td className="nowrap">{formatDateTime(x.decidedAt)}</td>
              <td className="mono">{[x.policyVersion, ...x.policyClauses].join(' ')}</td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="export-provision" title={e.provisionRecords} count={doc.provisionRecords.length}>
        <Table label={e.provisionRecords} head={[c.providedAt, c.recipient, c.items, c.basis]}>
          {doc.provisionRecords.map((x, i) => (
            <tr key={i}>
              <td className="nowrap">{formatDateTime(x.providedAt)}</td>
              <td>{x.recipient.name}</td>
              <td>{x.items}</td>
              <td>{x.basis}</td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="export-requests" title={e.requests} count={doc.requests.length}>
        <Table label={e.requests} head={[c.type, c.createdAt, c.status]}>
          {doc.requests.map((x, i) => (
            <tr key={i}>
              <td>{e.eventTypes[x.type]}</td>
              <td className="nowrap">{formatDateTime(x.at)}</td>
              <td>
                {t.rights.disclosures.statuses[x.status]}
                {x.reason ? ` (${x.reason})` : ''}
              </td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="export-access" title={e.staffAccess} count={doc.staffAccess.length}>
        <Table label={e.staffAccess} head={[c.day, c.role, c.action, c.purpose, c.count]}>
          {doc.staffAccess.map((x, i) => (
            <tr key={i}>
              <td className="nowrap">{x.day}</td>
              <td>{e.roles[x.role]}</td>
              <td>{label(t.audit.actions, x.action)}</td>
              <td>{x.purpose ? t.purposes[x.purpose] : '—'}</td>
              <td>{x.count}</td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section id="export-withheld" title={e.withheld} count={doc.withheld.length}>
        <Table label={e.withheld} head={[c.kind, c.callRef, c.createdAt, c.exemption]}>
          {doc.withheld.map((x, i) => (
            <tr key={i}>
              <td>{e.withheldKinds[x.kind]}</td>
              <td className="mono">{x.callRef ?? '—'}</td>
              <td className="nowrap">{when(x.at)}</td>
              <td>{e.exemptionNames[x.exemption]}</td>
            </tr>
          ))}
        </Table>
      </Section>

      <section aria-labelledby="export-exemptions">
        <h3 id="export-exemptions">{e.exemptions}</h3>
        <dl className="exemptions">
          {Object.entries(doc.exemptions).map(([code, text]) => (
            <div key={code}>
              <dt>{e.exemptionNames[code as keyof typeof e.exemptionNames]}</dt>
              <dd lang="ja">{text}</dd>
            </div>
          ))}
        </dl>
      </section>
    </article>
  );
}
