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

/** 65_300 → "1:05.3": an offset into a recording to a tenth of a second (marks, flag ranges). */
export function formatPreciseOffset(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const tenths = Math.floor(ms / 100) % 10;
  return `${formatDuration(Math.floor(ms / 1000) * 1000)}.${tenths}`;
}

/** "1:05.3", "1:05", "65", "1:02:03.5" → milliseconds; null when it is not a time. */
export function parseOffset(text: string): number | null {
  const match = /^\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return null;
  const [, a, b, c] = match;
  const hours = a !== undefined && b !== undefined ? Number(a) : 0;
  const minutes = b !== undefined ? Number(b) : a !== undefined ? Number(a) : 0;
  const seconds = Number(c);
  if ((a !== undefined || b !== undefined) && seconds >= 60) return null;
  if (b !== undefined && minutes >= 60) return null;
  return Math.round((hours * 3600 + minutes * 60 + seconds) * 1000);
}

export interface Elapsed {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Time since `since` split into whole units (never negative), for "waiting for 2 h 5 min". */
export function elapsedSince(since: string, now: number): Elapsed {
  const ms = Math.max(0, now - Date.parse(since));
  const total = Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}
