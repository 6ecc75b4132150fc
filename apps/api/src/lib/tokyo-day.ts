// Kura's days are days in Japan, where the service runs. Japan keeps no daylight saving time,
// so a fixed +09:00 offset is exact.
const TOKYO_OFFSET_MS = 9 * 3_600_000;

/** The Tokyo calendar day of an instant, as YYYY-MM-DD. */
export function tokyoDay(at: Date): string {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}
