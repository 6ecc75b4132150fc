import { formatDateTime, formatInteger, shortenHash } from '@/lib/format';
import { useI18n, type Messages } from '@/lib/i18n';
import { parseUnplayableReason } from '@/lib/media-labels';

const HEX = /^[0-9a-f]{32,}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

type Plain = Record<string, unknown>;
type Scalar = string | number | boolean | null;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isRange(value: unknown): value is { start: number; end: number } {
  return isPlain(value) && Object.keys(value).length === 2 && typeof value.start === 'number' && typeof value.end === 'number';
}

function scalarText(value: Scalar, t: Messages): string {
  if (value === null) return t.common.none;
  if (typeof value === 'number') return formatInteger(value);
  if (typeof value === 'boolean') return value ? t.common.yes : t.common.no;
  return value;
}

/** A details key in the reader's language; a key the console does not know yet gets a generic label. */
function keyLabel(key: string, t: Messages): string {
  return (t.audit.detailKeys as Record<string, string | undefined>)[key] ?? t.audit.detailOther;
}

const lookup = (dictionary: object, code: string): string | null => (dictionary as Record<string, string | undefined>)[code] ?? null;

/** A value that is a code from a known set (a category, a role, a state…) in words; null if not one. */
function codeLabel(key: string, code: string, t: Messages): string | null {
  switch (key) {
    case 'category':
      return lookup(t.categories, code);
    case 'reporter':
      return lookup(t.reporters, code);
    case 'state':
      return lookup(t.states, code);
    case 'roles':
      return lookup(t.roles, code);
    case 'reason': {
      // A failed sign-in's reason, or why a recording could not be played.
      const unplayable = parseUnplayableReason(code).code;
      return lookup(t.audit.loginFailReasons, code) ?? (unplayable ? t.playback.unplayableReasons[unplayable] : null);
    }
    default:
      return null;
  }
}

/** One detail value, compact: ranges as start–end, lists joined, flat maps as k: v, hashes shortened. */
function DetailValue({ name, value }: { name: string; value: unknown }) {
  const { t } = useI18n();
  const none = t.common.none;
  const label = typeof value === 'string' ? codeLabel(name, value, t) : null;
  if (label) return <span title={value as string}>{label}</span>;
  if (typeof value === 'string' && HEX.test(value)) {
    return (
      <code className="hash" title={value}>
        {shortenHash(value)}
      </code>
    );
  }
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    return <span title={value}>{formatDateTime(value, { seconds: true })}</span>;
  }
  if (isScalar(value)) return <>{scalarText(value, t)}</>;
  if (isRange(value)) {
    return (
      <span className="mono">
        {formatInteger(value.start)}–{formatInteger(value.end)}
      </span>
    );
  }
  if (Array.isArray(value) && value.every(isScalar)) {
    const text = value.map((v) => (typeof v === 'string' ? (codeLabel(name, v, t) ?? v) : scalarText(v, t)));
    return <span title={value.join(', ')}>{value.length ? text.join(', ') : none}</span>;
  }
  if (isPlain(value) && Object.values(value).every(isScalar)) {
    const entries = Object.entries(value as Record<string, Scalar>);
    if (entries.length === 0) return <>{none}</>;
    return <span>{entries.map(([k, v]) => `${keyLabel(k, t)}: ${scalarText(v, t)}`).join(', ')}</span>;
  }
  // Deeper nesting than the API writes today: show it as is rather than guess.
  return <code>{JSON.stringify(value)}</code>;
}

/** An audit event's details as a short `key: value` list. */
export function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const { t } = useI18n();
  const entries = Object.entries(details).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return <span className="muted">{t.common.none}</span>;
  return (
    <dl className="details">
      {entries.map(([key, value]) => (
        <div key={key} className="details__row">
          {/* The stored key stays at hand, for auditors who compare with the raw chain. */}
          <dt title={key}>{keyLabel(key, t)}:</dt>
          <dd>
            <DetailValue name={key} value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
