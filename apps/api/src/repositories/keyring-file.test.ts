import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KeyRing } from '@kura/vault';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyRingFile } from './keyring-file.ts';

// The key ring's file mode is checked before a byte of it is read: a ring others could read is
// refused at start with what to do, never silently tightened.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kura-ring-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function ringAt(mode: number): Promise<string> {
  const file = path.join(dir, 'keyring.json');
  await writeFile(file, JSON.stringify(KeyRing.generate().toJSON()));
  await chmod(file, mode);
  return file;
}

describe('key ring file permissions', () => {
  for (const mode of [0o644, 0o640, 0o604, 0o660, 0o602, 0o666]) {
    it(`refuses mode ${mode.toString(8)} and leaves the file as it was`, async () => {
      const file = await ringAt(mode);
      await expect(KeyRingFile.open(file, { create: false })).rejects.toThrow(
        `KURA_KEYRING: ${file} is open to group or others (mode 0${mode.toString(8)}); a key ring must be readable by Kura's user alone. Check who could have copied it, then: chmod 600 ${file}`,
      );
      // Also when asked to create one: an existing ring is never replaced.
      await expect(KeyRingFile.open(file, { create: true })).rejects.toThrow('is open to group or others');
      expect((await stat(file)).mode & 0o777).toBe(mode);
    });
  }

  it('opens a ring of mode 0600 or 0400', async () => {
    for (const mode of [0o600, 0o400]) {
      const file = await ringAt(mode);
      const { file: ring, created } = await KeyRingFile.open(file, { create: false });
      expect(created).toBe(false);
      expect(ring.current().toJSON()).toEqual(JSON.parse(await readFile(file, 'utf8')));
      await rm(file, { force: true });
    }
  });

  it('creates a missing ring as 0600, whatever the umask', async () => {
    const previous = process.umask(0o000);
    try {
      const file = path.join(dir, 'sub', 'keyring.json');
      const { created } = await KeyRingFile.open(file, { create: true });
      expect(created).toBe(true);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o077).toBe(0);
    } finally {
      process.umask(previous);
    }
  });
});
