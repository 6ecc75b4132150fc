import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { KeyRing } from '@kura/vault';

/**
 * The key ring lives in a JSON file (mode 0600): KEKs and the Ed25519 signing keys. The file can
 * change under a running server (`kura keys rotate` or `keys rotate-signing` from another
 * process), so an unknown KEK id triggers a re-read, and signing re-reads first. Writers
 * serialise on a database lock (services/keys, services/signing).
 */
export class KeyRingFile {
  private ring: KeyRing;
  private mtimeMs: number;

  private constructor(
    readonly filePath: string,
    ring: KeyRing,
    mtimeMs: number,
  ) {
    this.ring = ring;
    this.mtimeMs = mtimeMs;
  }

  /** Opens the file; when `create` is set and it does not exist, writes a fresh ring. */
  static async open(filePath: string, opts: { create: boolean }): Promise<{ file: KeyRingFile; created: boolean }> {
    let created = false;
    let raw: string;
    try {
      await assertPrivate(filePath);
      raw = await readFile(filePath, 'utf8');
    } catch (err) {
      if (err instanceof KeyRingPermissionError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !opts.create) {
        throw new Error(`KURA_KEYRING: cannot read key ring at ${filePath}: ${(err as Error).message}`);
      }
      await writeRingFile(filePath, KeyRing.generate(), { exclusive: true });
      created = true;
      raw = await readFile(filePath, 'utf8');
    }
    const ring = parseRing(raw, filePath);
    const st = await stat(filePath);
    return { file: new KeyRingFile(filePath, ring, st.mtimeMs), created };
  }

  current(): KeyRing {
    return this.ring;
  }

  /** Re-reads the file if it changed on disk; returns the ring now in force. */
  async refresh(): Promise<KeyRing> {
    const st = await stat(this.filePath);
    if (st.mtimeMs !== this.mtimeMs) {
      this.ring = parseRing(await readFile(this.filePath, 'utf8'), this.filePath);
      this.mtimeMs = st.mtimeMs;
    }
    return this.ring;
  }

  /** Unwraps with the in-memory ring, re-reading the file once if the KEK is not known yet. */
  async unwrap(kekId: string, objectId: string, wrapped: Buffer): Promise<Buffer> {
    if (!this.ring.has(kekId)) await this.refresh();
    return this.ring.unwrap(kekId, objectId, wrapped);
  }

  async replace(ring: KeyRing): Promise<void> {
    await writeRingFile(this.filePath, ring, { exclusive: false });
    this.ring = ring;
    this.mtimeMs = (await stat(this.filePath)).mtimeMs;
  }
}

/**
 * Refuses a ring that anyone but Kura's own user could read or change. Quietly tightening the
 * mode would hide that the keys were already exposed (a backup, another account): the operator
 * has to look, and then chmod 600. A missing file passes here (ENOENT is the caller's to handle).
 */
async function assertPrivate(filePath: string): Promise<void> {
  const st = await stat(filePath);
  if ((st.mode & 0o077) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    throw new KeyRingPermissionError(
      `KURA_KEYRING: ${filePath} is open to group or others (mode ${mode}); a key ring must be readable by Kura's user alone. ` +
        `Check who could have copied it, then: chmod 600 ${filePath}`,
    );
  }
}

export class KeyRingPermissionError extends Error {}

function parseRing(raw: string, filePath: string): KeyRing {
  try {
    return KeyRing.parse(JSON.parse(raw));
  } catch (err) {
    throw new Error(`KURA_KEYRING: ${filePath} is not a valid key ring: ${(err as Error).message}`);
  }
}

// Written to a temp file and renamed, so a crash never leaves a half-written ring behind.
async function writeRingFile(filePath: string, ring: KeyRing, opts: { exclusive: boolean }): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
  const body = `${JSON.stringify(ring.toJSON(), null, 2)}\n`;
  if (opts.exclusive) {
    const fh = await open(filePath, 'wx', 0o600);
    try {
      await fh.writeFile(body);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return;
  }
  const tmp = `${filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(body);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, filePath);
}
