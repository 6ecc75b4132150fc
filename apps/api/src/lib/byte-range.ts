export type ByteRange =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' } | { kind: 'malformed' };

/**
 * Resolves one `Range` header against a resource of `size` bytes (RFC 9110 §14). Only a single
 * `bytes=` range is honoured; anything else (multi-range, other units, junk) is 'malformed', which
 * a server may answer with the full body (the loopback source does) or refuse (the staff API does,
 * so that a typo never streams gigabytes).
 */
export function resolveByteRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) return { kind: 'full' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: 'malformed' };
  const first = match[1] ?? '';
  const last = match[2] ?? '';
  if (first === '' && last === '') return { kind: 'malformed' };

  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }

  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
