import { readFile } from 'node:fs/promises';
import type { ParseArgsConfig } from 'node:util';
import { AppError } from '../lib/errors.ts';
import { verifySignedDocument } from '../services/signing/signed-document.ts';
import type { CliIo } from './io.ts';

type Values = Record<string, string | boolean | undefined>;

/**
 * A command that needs no configuration, database, storage or key ring: anyone holding the
 * files can run it, e.g. an agency checking a document it was sent.
 */
export interface OfflineCommand {
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Names of the positional arguments, all required. */
  args: string[];
  run(values: Values, io: CliIo, args: string[]): Promise<number>;
}

/** A file path, or an http(s) URL such as https://kura.example/.well-known/kura-signing-keys.json. */
async function readSource(source: string): Promise<string> {
  if (!/^https?:\/\//i.test(source)) return readFile(source, 'utf8');
  const res = await fetch(source, { signal: AbortSignal.timeout(15_000), redirect: 'follow' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export const offlineCommands: Record<string, OfflineCommand> = {
  'signature verify': {
    summary:
      'check a signed document offline: <document.json> --keys <keys.json or URL> [--type T]; exit 0 valid, 1 invalid, 2 cannot check',
    args: ['document.json'],
    options: { keys: { type: 'string' }, type: { type: 'string' } },
    async run(v, io, [documentPath]) {
      if (typeof v.keys !== 'string') {
        io.err('usage: kura signature verify <document.json> --keys <kura-signing-keys.json or URL> [--type T]');
        return 2;
      }
      const read = async (what: string, source: string) => {
        try {
          return await readSource(source);
        } catch (err) {
          io.err(`cannot read ${what} ${source}: ${(err as Error).message}`);
          return null;
        }
      };
      const docText = await read('document', documentPath!);
      const keysText = docText === null ? null : await read('signing keys', v.keys);
      if (docText === null || keysText === null) return 2;
      const keys = parseJson(keysText);
      if (!keys.ok) {
        io.err(`${v.keys} is not JSON`);
        return 2;
      }
      const doc = parseJson(docText);
      try {
        const outcome = doc.ok
          ? verifySignedDocument(doc.value, keys.value, { type: typeof v.type === 'string' ? v.type : undefined })
          : ({ ok: false, reason: 'malformed', message: `${documentPath} is not JSON` } as const);
        io.out(
          JSON.stringify(
            outcome.ok
              ? { valid: true, keyId: outcome.keyId, type: outcome.type }
              : { valid: false, reason: outcome.reason, message: outcome.message },
          ),
        );
        return outcome.ok ? 0 : 1;
      } catch (err) {
        if (err instanceof AppError) {
          io.err(`${v.keys}: ${err.message}`);
          return 2;
        }
        throw err;
      }
    },
  },
};
