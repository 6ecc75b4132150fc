import { VaultError } from './errors.ts';

// RFC 8785 (JCS) leans on ECMAScript: JSON.stringify already writes numbers the way JCS wants
// (shortest round trip, -0 as 0, exponents as "1e+21") and escapes strings the way JCS wants
// (\b \f \n \r \t, other controls as \u00xx, everything else as UTF-8). What is left is sorting
// keys by UTF-16 code units and refusing what JSON cannot represent exactly.

// A lone surrogate cannot be encoded as UTF-8, so two implementations would disagree on its bytes.
const LONE_SURROGATE = /\p{Surrogate}/u;

function refuse(path: string, what: string): never {
  throw new VaultError('bad_json', `cannot canonicalise ${what} at ${path}`);
}

function quote(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) refuse(path, 'a string with a lone surrogate');
  return JSON.stringify(s);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// Code-unit order, which is what `<` on JS strings compares; localeCompare would not be.
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function serialise(value: unknown, path: string, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return quote(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) refuse(path, String(value));
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      // undefined, functions, symbols and BigInt have no JSON form that every reader agrees on.
      refuse(path, typeof value);
  }
  if (value === null) return 'null';
  if (open.has(value)) refuse(path, 'a cyclic structure');
  open.add(value);
  let out: string;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) items.push(serialise(value[i], `${path}[${i}]`, open));
    out = `[${items.join(',')}]`;
  } else if (isPlainObject(value)) {
    const members = Object.keys(value)
      .sort(byCodeUnits)
      .map((key) => {
        const at = `${path}[${JSON.stringify(key)}]`;
        return `${quote(key, at)}:${serialise(value[key], at, open)}`;
      });
    out = `{${members.join(',')}}`;
  } else {
    // Dates, Buffers, Maps, class instances: convert them explicitly, so what is signed is what is seen.
    refuse(path, `a ${value.constructor?.name ?? 'non-plain'} object`);
  }
  open.delete(value);
  return out;
}

/**
 * The RFC 8785 (JCS) canonical form of a JSON value: sorted keys, no whitespace, ECMAScript
 * numbers. Throws VaultError('bad_json') for anything plain JSON cannot carry exactly.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$', new Set());
}

/** The UTF-8 bytes of canonicalJson(value): what signatures are computed over. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
