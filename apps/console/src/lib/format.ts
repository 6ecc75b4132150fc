// Every instant is shown in Japan time, whatever the browser's zone, in one numeric shape.
export const DISPLAY_TIME_ZONE = 'Asia/Tokyo';

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(value: string | Date): Record<string, string> | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  const out: Record<string, string> = {};
  for (const p of dateTimeFormat.formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** 2026-01-01T00:00:00Z → "2026/01/01 09:00" (Asia/Tokyo). */
export function formatDateTime(value: string | Date, options: { seconds?: boolean } = {}): string {
  const p = parts(value);
  if (!p) return '—';
  const time = `${p.hour}:${p.minute}${options.seconds ? `:${p.second}` : ''}`;
  return `${p.year}/${p.month}/${p.day} ${time}`;
}

/** Time of day only, e.g. "09:42:07" (Asia/Tokyo). */
export function formatTime(value: string | Date): string {
  const p = parts(value);
  return p ? `${p.hour}:${p.minute}:${p.second}` : '—';
}

/** 3723000 → "1:02:03", 65000 → "1:05", null → "—". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Offset into a recording in seconds → "m:ss". */
export function formatOffset(seconds: number): string {
  return formatDuration(seconds * 1000);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** 1536 → "1.5 KiB", 0 → "0 B", null → "—". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Integer with thousands separators, e.g. byte offsets in the access log. */
export function formatInteger(value: number): string {
  return new Intl.NumberFormat('en-US').format(value);
}

/** "abcdef0123…89" for long hashes; the full value belongs in a title attribute. */
export function shortenHash(hash: string, head = 12, tail = 6): string {
  return hash.length <= head + tail + 1 ? hash : `${hash.slice(0, head)}…${hash.slice(-tail)}`;
}

/** Whole minutes left until `expiresAt`, rounded up (0 once expired). */
export function minutesUntil(expiresAt: string, now: number): number {
  const ms = Date.parse(expiresAt) - now;
  return ms > 0 ? Math.ceil(ms / 60_000) : 0;
}
