import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { AppError } from '../lib/errors.ts';
import { KeyRingFile } from '../repositories/keyring-file.ts';
import { verifySignedDocument, type VerifyOutcome } from '../services/signing/signed-document.ts';
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

/**
 * The document and the key list, read and parsed, or null after saying on stderr why they
 * could not be (exit 2: nothing was checked).
 */
async function readDocumentAndKeys(
  io: CliIo,
  documentPath: string,
  keysSource: string,
): Promise<{ doc: { ok: true; value: unknown } | { ok: false }; keys: unknown } | null> {
  const read = async (what: string, source: string) => {
    try {
      return await readSource(source);
    } catch (err) {
      io.err(`cannot read ${what} ${source}: ${(err as Error).message}`);
      return null;
    }
  };
  const docText = await read('document', documentPath);
  const keysText = docText === null ? null : await read('signing keys', keysSource);
  if (docText === null || keysText === null) return null;
  const keys = parseJson(keysText);
  if (!keys.ok) {
    io.err(`${keysSource} is not JSON`);
    return null;
  }
  return { doc: parseJson(docText), keys: keys.value };
}

/** verifySignedDocument, with a key list that does not hold together reported as exit 2 (null). */
function verifyOrSay(
  io: CliIo,
  doc: { ok: true; value: unknown } | { ok: false },
  documentPath: string,
  keys: unknown,
  keysSource: string,
  type?: string,
): VerifyOutcome | null {
  try {
    return doc.ok
      ? verifySignedDocument(doc.value, keys, { type })
      : { ok: false, reason: 'malformed', message: `${documentPath} is not JSON` };
  } catch (err) {
    if (err instanceof AppError) {
      io.err(`${keysSource}: ${err.message}`);
      return null;
    }
    throw err;
  }
}

const MANIFEST_TYPE = 'kura.packet-manifest';

/** What the check needs of a manifest's clips (the signature covers the rest). */
const ManifestClips = z.looseObject({
  packetId: z.string(),
  clips: z.array(
    z.looseObject({
      clipId: z.string().regex(/^[0-9a-f-]{36}$/i),
      position: z.number().int().min(1),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      bytes: z.number().int().min(0),
    }),
  ),
});

/** `<position>-<clipId>.<ext>` or `<clipId>.<ext>`, as the agency page names its downloads. */
const CLIP_FILE = /^(?:(\d+)-)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9]{1,8}$/i;

type ClipCheck = {
  position: number;
  clipId: string;
  file: string | null;
  result: 'ok' | 'missing' | 'ambiguous' | 'size_mismatch' | 'hash_mismatch';
  expected: { bytes: number; sha256: string };
  actual?: { bytes: number; sha256?: string };
};

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Each listed clip against the one file in `dir` named for it: size first, then SHA-256. */
async function checkClipFiles(
  dir: string,
  clips: z.infer<typeof ManifestClips>['clips'],
): Promise<{ checks: ClipCheck[]; unlisted: string[] }> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const named = names.flatMap((name) => {
    const m = CLIP_FILE.exec(name);
    return m ? [{ name, position: m[1] === undefined ? null : Number(m[1]), clipId: m[2]!.toLowerCase() }] : [];
  });
  const checks: ClipCheck[] = [];
  for (const c of clips) {
    const expected = { bytes: c.bytes, sha256: c.sha256 };
    const base = { position: c.position, clipId: c.clipId, expected };
    const files = named.filter((f) => f.clipId === c.clipId.toLowerCase() && (f.position === null || f.position === c.position));
    if (files.length !== 1) {
      checks.push({
        ...base,
        file: files.length ? files.map((f) => f.name).join(', ') : null,
        result: files.length ? 'ambiguous' : 'missing',
      });
      continue;
    }
    const file = files[0]!.name;
    const full = path.join(dir, file);
    const bytes = (await stat(full)).size;
    if (bytes !== c.bytes) {
      checks.push({ ...base, file, result: 'size_mismatch', actual: { bytes } });
      continue;
    }
    const sha256 = await sha256File(full);
    checks.push({ ...base, file, result: sha256 === c.sha256 ? 'ok' : 'hash_mismatch', actual: { bytes, sha256 } });
  }
  const listed = new Set(clips.map((c) => c.clipId.toLowerCase()));
  return { checks, unlisted: named.filter((f) => !listed.has(f.clipId)).map((f) => f.name) };
}

export const offlineCommands: Record<string, OfflineCommand> = {
  'keys generate': {
    summary:
      'write a new key ring (a KEK and a signing key, mode 0600) to <file>, for a deployment that mounts it read-only (a Kubernetes Secret); refuses to overwrite',
    args: ['file'],
    options: {},
    async run(_v, io, [file]) {
      if (
        await stat(file!).then(
          () => true,
          () => false,
        )
      ) {
        io.err(`${file} exists; a key ring is never overwritten (it holds the only copy of its keys)`);
        return 1;
      }
      const { file: ring } = await KeyRingFile.open(path.resolve(file!), { create: true });
      const r = ring.current();
      io.out(`key ring written to ${file}: KEK ${r.activeId}, signing key ${r.signing?.activeId ?? 'none'}`);
      return 0;
    },
  },
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
      const loaded = await readDocumentAndKeys(io, documentPath!, v.keys);
      if (!loaded) return 2;
      const outcome = verifyOrSay(io, loaded.doc, documentPath!, loaded.keys, v.keys, typeof v.type === 'string' ? v.type : undefined);
      if (!outcome) return 2;
      io.out(
        JSON.stringify(
          outcome.ok
            ? { valid: true, keyId: outcome.keyId, type: outcome.type }
            : { valid: false, reason: outcome.reason, message: outcome.message },
        ),
      );
      return outcome.ok ? 0 : 1;
    },
  },
  'packet verify': {
    summary:
      'check a downloaded packet manifest offline: <manifest.json> --keys <keys.json or URL> [--clips DIR]; with --clips, each clip file (<position>-<clipId>.<ext> or <clipId>.<ext>) by size and SHA-256; exit 0 valid, 1 invalid, 2 cannot check',
    args: ['manifest.json'],
    options: { keys: { type: 'string' }, clips: { type: 'string' } },
    async run(v, io, [manifestPath]) {
      if (typeof v.keys !== 'string') {
        io.err('usage: kura packet verify <manifest.json> --keys <kura-signing-keys.json or URL> [--clips DIR]');
        return 2;
      }
      const clipsDir = typeof v.clips === 'string' ? v.clips : null;
      if (
        clipsDir !== null &&
        !(await stat(clipsDir).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      ) {
        io.err(`cannot read clips folder ${clipsDir}`);
        return 2;
      }
      const loaded = await readDocumentAndKeys(io, manifestPath!, v.keys);
      if (!loaded) return 2;
      const signature = verifyOrSay(io, loaded.doc, manifestPath!, loaded.keys, v.keys, MANIFEST_TYPE);
      if (!signature) return 2;
      const payload = loaded.doc.ok ? ManifestClips.safeParse((loaded.doc.value as { payload?: unknown } | null)?.payload) : null;
      const report: Record<string, unknown> = signature.ok
        ? { valid: true, keyId: signature.keyId, type: signature.type }
        : { valid: false, reason: signature.reason, message: signature.message };
      if (signature.ok && !payload?.success) {
        Object.assign(report, { valid: false, reason: 'malformed', message: 'the manifest does not list its clips as expected' });
      }
      if (payload?.success) {
        report.packetId = payload.data.packetId;
        if (clipsDir !== null) {
          const { checks, unlisted } = await checkClipFiles(clipsDir, payload.data.clips);
          report.clips = checks;
          if (unlisted.length) report.unlisted = unlisted;
          const bad = checks.filter((c) => c.result !== 'ok');
          if (report.valid && bad.length) {
            Object.assign(report, {
              valid: false,
              reason: 'clip_mismatch',
              message: bad.map((c) => `clip ${c.position} (${c.clipId}): ${c.result.replace('_', ' ')}`).join('; '),
            });
          }
        }
      }
      io.out(JSON.stringify(report));
      return report.valid ? 0 : 1;
    },
  },
};
