export interface Marks {
  inMs: number | null;
  outMs: number | null;
}

export const NO_MARKS: Marks = { inMs: null, outMs: null };

const DEFAULT_SPAN_MS = 5_000;

/**
 * The range a new flag starts with: the marked range when both ends are set; with one end, from
 * it to the playhead (or 5 s on); with none, the 5 s up to the playhead (what was just seen).
 * Always inside the recording and at least a tenth of a second long.
 */
export function rangeFromMarks(marks: Marks, currentMs: number, durationMs: number | null): { startMs: number; endMs: number } {
  const end = durationMs ?? Number.POSITIVE_INFINITY;
  const clamp = (ms: number) => Math.round(Math.min(Math.max(0, ms), end));
  let startMs: number;
  let endMs: number;
  if (marks.inMs !== null && marks.outMs !== null && marks.outMs > marks.inMs) {
    [startMs, endMs] = [marks.inMs, marks.outMs];
  } else if (marks.inMs !== null) {
    startMs = marks.inMs;
    endMs = currentMs > marks.inMs ? currentMs : marks.inMs + DEFAULT_SPAN_MS;
  } else if (marks.outMs !== null) {
    [startMs, endMs] = [marks.outMs - DEFAULT_SPAN_MS, marks.outMs];
  } else {
    [startMs, endMs] = currentMs > 0 ? [currentMs - DEFAULT_SPAN_MS, currentMs] : [0, DEFAULT_SPAN_MS];
  }
  startMs = clamp(startMs);
  endMs = clamp(endMs);
  if (endMs - startMs < 100) {
    if (endMs + 100 <= end) endMs = startMs + 100;
    else startMs = Math.max(0, endMs - 100);
  }
  return { startMs, endMs };
}
