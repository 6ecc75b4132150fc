// In/out times the builder's fields take: "m:ss", "mm:ss", "h:mm:ss", each with optional
// ".f" to ".fff" fractions (a flag's range may not fall on whole seconds), or plain seconds.

const PATTERN = /^(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2}|\d+(?=$|\.))(?:\.(\d{1,3}))?$/;

/** "1:05" → 65000, "1:02:03.5" → 3723500, "90" → 90000; null for anything else. */
export function parseClipTime(text: string): number | null {
  const m = PATTERN.exec(text.trim());
  if (!m) return null;
  const [, h, min, s, frac] = m;
  const hours = h === undefined ? 0 : Number(h);
  const minutes = min === undefined ? 0 : Number(min);
  const seconds = Number(s);
  // With minutes given, seconds are 0-59; the same for minutes under hours.
  if (min !== undefined && seconds > 59) return null;
  if (h !== undefined && minutes > 59) return null;
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0'));
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

/** 65000 → "1:05", 3723500 → "1:02:03.5", 1250 → "0:01.25". */
export function formatClipTime(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const fraction = ms % 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const ss = String(s).padStart(2, '0');
  const base = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
  return fraction === 0 ? base : `${base}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
}
