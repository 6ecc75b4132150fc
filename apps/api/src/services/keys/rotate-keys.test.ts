import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKura } from '../../../../../test/support/cli.ts';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { readRingFile, refDecryptWithRow, refUnwrapDek } from '../../../../../test/support/krv1-reference.ts';
import { collect, drainJobs, getObject, ingest, listKeys, makeMedia, sha256 } from '../../../../../test/support/media.ts';
import { verifyChain } from '../audit/verify-chain.ts';
import { openPlaintext, storedObjectOf } from '../objects/encrypted-objects.ts';
import { rotateKeys } from './rotate-keys.ts';

const AUDIT = { actor: { type: 'system' as const, id: 'test' } };

interface KeyedRow {
  table: 'recordings' | 'recording_assets';
  id: string;
  object_key: string;
  kek_id: string;
  wrapped_dek: Buffer | null;
  krv1_header: Buffer;
  segment_log2: number;
  plaintext_bytes: number | null;
  sha256: string | null;
}

async function keyedRows(h: Harness): Promise<KeyedRow[]> {
  const cols = ['id', 'object_key', 'kek_id', 'wrapped_dek', 'krv1_header', 'segment_log2', 'plaintext_bytes', 'sha256'] as const;
  const recs = await h.ctx.db.selectFrom('recordings').select(cols).orderBy('id').execute();
  const assets = await h.ctx.db.selectFrom('recording_assets').select(cols).orderBy('id').execute();
  return [
    ...recs.map((r) => ({ table: 'recordings' as const, ...r })),
    ...assets.map((r) => ({ table: 'recording_assets' as const, ...r })),
  ];
}

/** Three processed mp4 recordings: three recording rows and three thumbnail strips. */
async function seeded(prefix: string): Promise<Harness> {
  const h = await createHarness();
  for (let i = 0; i < 3; i++) await ingest(h, `${prefix}-${i}`, await makeMedia({ kind: 'mp4', seconds: 2, seed: 30 + i }));
  expect(await drainJobs(h)).toBe(3);
  expect((await keyedRows(h)).map((r) => r.table).sort()).toEqual([...Array(3).fill('recording_assets'), ...Array(3).fill('recordings')]);
  return h;
}

/** Every object opens with the reference reader (ring file + row only) and through the API. */
async function expectAllDecrypt(h: Harness, hashes: Map<string, string>): Promise<void> {
  const ring = await readRingFile(h.ctx.config.keyringPath);
  for (const row of await keyedRows(h)) {
    const stored = await getObject(h, row.object_key);
    expect(sha256(refDecryptWithRow(stored, row, ring)), row.object_key).toBe(row.sha256);
    const api = await collect(await openPlaintext(h.ctx, storedObjectOf(row)));
    expect(sha256(api), row.object_key).toBe(row.sha256);
    // Rotation never rewrites an object.
    expect(sha256(stored), row.object_key).toBe(hashes.get(row.object_key));
  }
}

async function objectHashes(h: Harness): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  for (const key of await listKeys(h)) m.set(key, sha256(await getObject(h, key)));
  return m;
}

async function auditOf(h: Harness, action: string) {
  return h.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('seq').execute();
}

describe('rotateKeys', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await seeded('call-rot');
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('adds a new active KEK, re-wraps every DEK with it, and leaves every object readable and untouched', async () => {
    const before = await readRingFile(h.ctx.config.keyringPath);
    const oldId = before.active;
    const rowsBefore = await keyedRows(h);
    expect(rowsBefore.every((r) => r.kek_id === oldId)).toBe(true);
    const hashes = await objectHashes(h);

    const result = await rotateKeys(h.ctx, AUDIT);
    expect(result).toEqual({ newKekId: expect.any(String), resumed: false, rewrapped: 6, finished: true });

    const after = await readRingFile(h.ctx.config.keyringPath);
    expect([...after.keys.keys()].sort()).toEqual([oldId, result.newKekId].sort());
    expect(after.active).toBe(result.newKekId);
    expect(after.keys.get(oldId)!.equals(before.keys.get(oldId)!)).toBe(true);
    expect((await stat(h.ctx.config.keyringPath)).mode & 0o777).toBe(0o600);
    const raw = JSON.parse(await readFile(h.ctx.config.keyringPath, 'utf8')) as { active: string };
    expect(raw.active).toBe(result.newKekId);

    const rowsAfter = await keyedRows(h);
    expect(rowsAfter.filter((r) => r.kek_id === oldId)).toEqual([]);
    expect(rowsAfter.every((r) => r.kek_id === result.newKekId)).toBe(true);
    for (const r of rowsAfter) {
      const old = rowsBefore.find((b) => b.id === r.id)!;
      expect(r.wrapped_dek!.equals(old.wrapped_dek!)).toBe(false);
      // Same DEK, newly wrapped.
      expect(refUnwrapDek(after.keys.get(r.kek_id)!, r.id, r.wrapped_dek!)).toEqual(
        refUnwrapDek(before.keys.get(oldId)!, old.id, old.wrapped_dek!),
      );
    }
    expect(await listKeys(h)).toEqual([...hashes.keys()]);
    await expectAllDecrypt(h, hashes);

    const rotations = await h.ctx.db.selectFrom('key_rotations').selectAll().execute();
    expect(rotations).toEqual([expect.objectContaining({ new_kek_id: result.newKekId, rewrapped: 6, finished_at: expect.any(Date) })]);
    expect((await auditOf(h, 'keys.rotation_started')).map((e) => e.details)).toEqual([{ newKekId: result.newKekId }]);
    expect((await auditOf(h, 'keys.rotation_finished')).map((e) => e.details)).toEqual([{ newKekId: result.newKekId, rewrapped: 6 }]);
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });

    // New uploads are wrapped by the new key.
    const id = await ingest(h, 'call-rot-new', await makeMedia({ kind: 'mp4', seconds: 2, seed: 39 }));
    expect((await h.ctx.db.selectFrom('recordings').select('kek_id').where('id', '=', id).executeTakeFirstOrThrow()).kek_id).toBe(
      result.newKekId,
    );
  });
});

describe('two rotations started at once', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await seeded('call-twice');
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('never wraps a DEK with a key that the ring file does not keep', async () => {
    const hashes = await objectHashes(h);
    // One DEK per batch: the first rotation's re-wrapping then takes several transactions, so the
    // second, released from the lock when the first has started, finds it unfinished and joins it.
    // With the few DEKs here in one batch, a busy machine could let the first finish before the
    // second looked, and the second then rightly started a rotation of its own.
    const results = await Promise.allSettled([rotateKeys(h.ctx, AUDIT, { batchSize: 1 }), rotateKeys(h.ctx, AUDIT, { batchSize: 1 })]);
    expect(results.some((r) => r.status === 'fulfilled' && r.value.finished)).toBe(true);
    const ring = await readRingFile(h.ctx.config.keyringPath);
    for (const r of results) if (r.status === 'fulfilled') expect(ring.keys.has(r.value.newKekId)).toBe(true);
    // One starts, the other waits and joins it: one new key, one rotation.
    expect(ring.keys.size).toBe(2);
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    expect(values.map((v) => v?.resumed).sort()).toEqual([false, true]);
    expect(values[0]!.newKekId).toBe(values[1]!.newKekId);
    expect(await auditOf(h, 'keys.rotation_started')).toHaveLength(1);
    const rows = await keyedRows(h);
    expect(rows.filter((r) => !ring.keys.has(r.kek_id))).toEqual([]);
    await expectAllDecrypt(h, hashes);
    // Finish whatever is left: everything ends on the active key.
    await rotateKeys(h.ctx, AUDIT);
    const final = await readRingFile(h.ctx.config.keyringPath);
    expect((await keyedRows(h)).filter((r) => r.kek_id !== final.active)).toEqual([]);
    await expectAllDecrypt(h, hashes);
  });
});

describe('an interrupted rotation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await seeded('call-int');
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('stops after maxBatches, keeps everything readable meanwhile, and resumes to the end on the next call', async () => {
    const oldId = (await readRingFile(h.ctx.config.keyringPath)).active;
    const hashes = await objectHashes(h);

    const partial = await rotateKeys(h.ctx, AUDIT, { batchSize: 1, maxBatches: 1 });
    expect(partial).toEqual({ newKekId: expect.any(String), resumed: false, rewrapped: 1, finished: false });
    const mid = await keyedRows(h);
    expect(mid.filter((r) => r.kek_id === partial.newKekId)).toHaveLength(1);
    expect(mid.filter((r) => r.kek_id === oldId)).toHaveLength(5);
    expect((await readRingFile(h.ctx.config.keyringPath)).keys.size).toBe(2);
    // Half-way, both kinds of row still open.
    await expectAllDecrypt(h, hashes);
    expect(await auditOf(h, 'keys.rotation_finished')).toEqual([]);
    // An upload during the rotation is wrapped by the new key at once.
    const during = await ingest(h, 'call-int-during', await makeMedia({ kind: 'mp4', seconds: 2, seed: 37 }));
    expect((await h.ctx.db.selectFrom('recordings').select('kek_id').where('id', '=', during).executeTakeFirstOrThrow()).kek_id).toBe(
      partial.newKekId,
    );
    hashes.set(`recordings/${during}`, sha256(await getObject(h, `recordings/${during}`)));

    const progress: number[] = [];
    const resumed = await rotateKeys(h.ctx, AUDIT, { batchSize: 2, onProgress: (n) => progress.push(n) });
    expect(resumed).toEqual({ newKekId: partial.newKekId, resumed: true, rewrapped: 6, finished: true });
    expect(progress.at(-1)).toBe(5);
    const ring = await readRingFile(h.ctx.config.keyringPath);
    expect(ring.keys.size).toBe(2); // no third key
    expect(ring.active).toBe(partial.newKekId);
    expect((await keyedRows(h)).filter((r) => r.kek_id !== partial.newKekId)).toEqual([]);
    await expectAllDecrypt(h, hashes);

    const rotations = await h.ctx.db.selectFrom('key_rotations').selectAll().execute();
    expect(rotations).toEqual([expect.objectContaining({ new_kek_id: partial.newKekId, rewrapped: 6, finished_at: expect.any(Date) })]);
    expect(await auditOf(h, 'keys.rotation_started')).toHaveLength(1);
    expect((await auditOf(h, 'keys.rotation_finished')).map((e) => e.details)).toEqual([{ newKekId: partial.newKekId, rewrapped: 6 }]);
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });

  it('`pnpm kura keys rotate` as a child process rotates the same database, bucket and key ring', async () => {
    const before = await readRingFile(h.ctx.config.keyringPath);
    const hashes = await objectHashes(h);
    const rows = (await keyedRows(h)).length;
    const { code, stdout } = await runKura(h, ['keys', 'rotate']);
    expect(code).toBe(0);
    const after = await readRingFile(h.ctx.config.keyringPath);
    expect(after.keys.size).toBe(before.keys.size + 1);
    expect(before.keys.has(after.active)).toBe(false);
    expect(stdout).toContain(`started rotation to ${after.active}: ${rows} DEK(s) re-wrapped, finished`);
    expect((await stat(h.ctx.config.keyringPath)).mode & 0o777).toBe(0o600);
    expect((await keyedRows(h)).filter((r) => r.kek_id !== after.active)).toEqual([]);
    expect(await h.ctx.db.selectFrom('key_rotations').select('finished_at').where('new_kek_id', '=', after.active).execute()).toEqual([
      { finished_at: expect.any(Date) },
    ]);
    const started = await auditOf(h, 'keys.rotation_started');
    expect(started.at(-1)).toMatchObject({ actor_type: 'system', actor_id: 'cli', details: { newKekId: after.active } });
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });

    // This (still running) server picks up the rotated ring file: it reads, and new uploads use the new key.
    await expectAllDecrypt(h, hashes);
    const id = await ingest(h, 'call-int-after-cli', await makeMedia({ kind: 'mp4', seconds: 2, seed: 38 }));
    expect((await h.ctx.db.selectFrom('recordings').select('kek_id').where('id', '=', id).executeTakeFirstOrThrow()).kek_id).toBe(
      after.active,
    );
  });
});
