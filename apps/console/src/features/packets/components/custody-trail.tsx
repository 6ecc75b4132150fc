import type { CustodyEventDto, PacketDetailDto } from '@kura/contracts';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { formatDateTime, formatInteger } from '@/lib/format';
import { useI18n, type Messages } from '@/lib/i18n';
import { useCustody } from '../api/get-custody';
import { formatClipTime } from './clip-time';
import './packets.css';

type Known = Pick<PacketDetailDto, 'links' | 'clips'> | null;

function actorLabel(actor: CustodyEventDto['actor'], known: Known, t: Messages): string {
  const c = t.packets.custody;
  if (actor.type === 'agency') return c.agencyActor(known?.links.find((l) => l.id === actor.id)?.recipientName ?? null);
  if (actor.type === 'system') return actor.displayName ?? c.systemActor;
  return actor.displayName ?? actor.id ?? c.unknownActor;
}

function isRange(value: unknown): value is { start: number; end: number } {
  return typeof value === 'object' && value !== null && typeof (value as { start?: unknown }).start === 'number';
}

/** The clips a packet was made with: time ranges in the recording, as the builder shows them. */
function isClipRanges(value: unknown): value is { startMs: number; endMs: number }[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === 'object' && v !== null && typeof v.startMs === 'number' && typeof v.endMs === 'number')
  );
}

/** The details an event carries, in a line: the packet itself is the page, so it is left out. */
function detailEntries(details: Record<string, unknown>, known: Known): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(details)) {
    if (key === 'packetId' || value === null || value === undefined) continue;
    if (key === 'linkId' && typeof value === 'string') {
      const link = known?.links.find((l) => l.id === value);
      out.push([key, link ? `${link.recipientName} (${value.slice(0, 8)})` : value]);
    } else if (key === 'clipId' && typeof value === 'string') {
      const clip = known?.clips.find((c) => c.id === value);
      out.push([key, clip ? `#${clip.position}` : value]);
    } else if (isRange(value)) {
      out.push([key, `${formatInteger(value.start)}–${formatInteger((value as { end: number }).end)}`]);
    } else if (isClipRanges(value)) {
      out.push([key, value.map((c) => `${formatClipTime(c.startMs)}–${formatClipTime(c.endMs)}`).join(', ')]);
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      out.push([key, value.join(', ')]);
    } else if (typeof value === 'object') {
      out.push([key, JSON.stringify(value)]);
    } else {
      out.push([key, String(value)]);
    }
  }
  return out;
}

/** Every recorded step of the packet, from the audit chain, oldest first; the agency's own steps stand out. */
export function CustodyTrail({ packetId, packet }: { packetId: string; packet: Known }) {
  const { t } = useI18n();
  const c = t.packets.custody;
  const custody = useCustody(packetId);
  const items = custody.data ? [...custody.data.items].sort((a, b) => a.seq - b.seq) : [];
  const actions = t.audit.actions as Record<string, string>;

  return (
    <section className="panel" aria-labelledby="packet-custody-heading">
      <h2 id="packet-custody-heading" className="panel__title">
        {c.title} {custody.isSuccess && <span className="count">{items.length}</span>}
      </h2>
      <p className="panel__text">{c.description}</p>
      {custody.isPending && <Spinner label={t.common.loading} />}
      {custody.isError && <ErrorAlert title={c.loadError} error={custody.error} onRetry={() => void custody.refetch()} />}
      {custody.isSuccess && items.length === 0 && <p className="muted">{c.empty}</p>}
      {items.length > 0 && (
        <ol className="custody" aria-labelledby="packet-custody-heading">
          {items.map((event) => {
            const agency = event.actor.type === 'agency';
            const details = detailEntries(event.details, packet);
            return (
              <li key={event.seq} className={`custody__item${agency ? ' custody__item--agency' : ''}`}>
                <span className="custody__time">
                  <time dateTime={event.at}>{formatDateTime(event.at, { seconds: true })}</time>
                  <span className="cell-sub">{c.seq(event.seq)}</span>
                </span>
                <span className="custody__what">
                  {agency && <span className="badge badge--agency">{c.agency}</span>}
                  <strong title={event.action}>{actions[event.action] ?? event.action}</strong>
                  <span className="muted">{actorLabel(event.actor, packet, t)}</span>
                </span>
                {details.length > 0 && (
                  <span className="custody__details">
                    {details.map(([key, value]) => (
                      <span key={key}>
                        <span className="muted">{key}:</span> <span className="mono">{value}</span>{' '}
                      </span>
                    ))}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
