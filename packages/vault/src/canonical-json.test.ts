import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VaultError, canonicalJson, canonicalJsonBytes } from './index.ts';

function refused(value: unknown): VaultError {
  try {
    canonicalJson(value);
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).code).toBe('bad_json');
    return err as VaultError;
  }
  throw new Error(`expected ${String(value)} to be refused`);
}

function fromIeee754(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalJson: RFC 8785 examples', () => {
  it('serialises the sample object of section 3.2.2 (numbers, escapes, literals), byte for byte', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    ) as unknown;
    const expected =
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(canonicalJson(input)).toBe(expected);
    // The UTF-8 bytes given in section 3.2.4.
    const hex =
      '7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b3333333333333333332e3333333333333' +
      '32c31652b33302c342e352c302e3030322c31652d32375d2c22737472696e67223a22e282ac245c75303030665c6e41274' +
      '25c225c5c5c5c5c222f227d';
    expect(canonicalJsonBytes(input).toString('hex')).toBe(hex);
  });

  it('sorts properties by UTF-16 code units (section 3.2.3)', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",' +
        ' "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    ) as Record<string, string>;
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign",' +
        '"😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    // A code-point sort would put U+FB33 before the emoji; UTF-16 puts the surrogate pair first.
    expect(canonicalJson({ '\ufb33': 1, '\u{1F600}': 2 })).toBe('{"😀":2,"\ufb33":1}');
  });

  it('serialises every number of appendix B', () => {
    const table: Array<[string, string]> = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, expected] of table) expect({ bits, out: canonicalJson(fromIeee754(bits)) }).toEqual({ bits, out: expected });
    // NaN and Infinity (7fffffffffffffff, 7ff0000000000000) must be refused.
    expect(refused(fromIeee754('7fffffffffffffff')).message).toMatch(/NaN/);
    expect(refused(fromIeee754('7ff0000000000000')).message).toMatch(/Infinity/);
  });

  it('writes no whitespace and keeps array order', () => {
    expect(canonicalJson({ b: [3, 1, { d: null, c: 'x' }], a: {} })).toBe('{"a":{},"b":[3,1,{"c":"x","d":null}]}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson('')).toBe('""');
    expect(canonicalJson('\u007f\u2028</script>')).toBe('"\u007f\u2028</script>"');
    expect(canonicalJson('\u0000\u001f\b\t')).toBe('"\\u0000\\u001f\\b\\t"');
  });
});

describe('canonicalJson refuses what plain JSON cannot carry exactly', () => {
  it('non-finite numbers, undefined, functions, symbols, BigInt — anywhere, naming where', () => {
    expect(refused(Number.NEGATIVE_INFINITY).message).toMatch(/-Infinity at \$/);
    expect(refused(undefined).message).toMatch(/undefined at \$/);
    expect(refused({ a: { b: undefined } }).message).toMatch(/undefined at \$\["a"\]\["b"\]/);
    expect(refused([1, () => 1]).message).toMatch(/function at \$\[1\]/);
    expect(refused({ s: Symbol('s') }).message).toMatch(/symbol/);
    expect(refused({ n: 10n }).message).toMatch(/bigint at \$\["n"\]/);
    // A hole in an array is an undefined element, not a null.
    expect(refused([1, , 3]).message).toMatch(/undefined at \$\[1\]/);
  });

  it('lone surrogates in values and keys', () => {
    expect(refused('\ud800').message).toMatch(/lone surrogate/);
    expect(refused({ ['\udfff']: 1 }).message).toMatch(/lone surrogate/);
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"');
  });

  it('objects that are not plain (Date, Buffer, Map, class instances) and cycles', () => {
    expect(refused({ at: new Date(0) }).message).toMatch(/Date object at \$\["at"\]/);
    expect(refused(Buffer.from('x')).message).toMatch(/Buffer object/);
    expect(refused(new Map()).message).toMatch(/Map object/);
    class Thing {
      x = 1;
    }
    expect(refused(new Thing()).message).toMatch(/Thing object/);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(refused(cyclic).message).toMatch(/cyclic/);
    // The same object twice is not a cycle.
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
  });
});

/** The same value with every object's keys inserted in a shuffled order. */
function reorder(value: unknown, rank: (key: string) => number): unknown {
  if (Array.isArray(value)) return value.map((v) => reorder(v, rank));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(entries.map(([k, v]) => [k, reorder(v, rank)]));
}

describe('canonicalJson properties', () => {
  const json = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 });

  it('parses back to the same value', () => {
    fc.assert(
      fc.property(json, (x) => {
        // JSON itself has no -0; JSON.stringify maps it to 0 as canonicalJson does.
        expect(JSON.parse(canonicalJson(x))).toEqual(JSON.parse(JSON.stringify(x)));
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(json, (x) => {
        const once = canonicalJson(x);
        expect(canonicalJson(JSON.parse(once))).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order keys were inserted in', () => {
    fc.assert(
      fc.property(json, fc.integer(), (x, seed) => {
        const rank = (key: string) => (Array.from(key).reduce((h, c) => Math.imul(h ^ c.codePointAt(0)!, 16777619), seed) >>> 0) % 1000;
        expect(canonicalJson(reorder(x, rank))).toBe(canonicalJson(x));
      }),
      { numRuns: 500 },
    );
  });
});
