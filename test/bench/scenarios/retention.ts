import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DeleteObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { runRetention } from '../../../apps/api/src/services/retention/run-retention.ts';
import { ingestRecording, type Scenario } from '../lib/scenario.ts';
import { alternate, summarize } from '../lib/stats.ts';

const BODY = 2048;
const SEEDERS = 8;

/**
 * Retention expiry of many small recordings. Kura: N recordings ingested through the API (set-up,
 * not timed), made due, then `runRetention` over them, timed whole (the lock, batches of due
 * rows, key destruction, DeleteObjects, tombstones, audit events and the signed receipt). The
 * baseline: the very same keys put back as plain objects of the same sizes (not timed), then raw
 * DeleteObjects in batches of 1,000. Rounds alternate; the rate is objects deleted per second.
 */
export const retention: Scenario = {
  name: 'retention',
  about: 'retention expiry of small recordings (runRetention) vs raw S3 DeleteObjects of the same keys',
  async run(stack, o) {
    const count = o.quick ? 300 : 20_000;
    const db = stack.ctx.db;
    let keys: { key: string; size: number }[] = [];

    const seed = async () => {
      const ids: string[] = [];
      const t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: SEEDERS }, async () => {
          while (next < count) {
            next++;
            ids.push(await ingestRecording(stack, Readable.from([randomBytes(BODY)]), BODY));
          }
        }),
      );
      o.log(`  (set-up: ${count} recordings ingested at ${(count / ((performance.now() - t) / 1000)).toFixed(0)}/s)`);
      // Due now: the server's clock is the wall clock, so the timer is moved rather than the time.
      await db
        .updateTable('recordings')
        .set({ retain_until: new Date(Date.now() - 1000) })
        .where('id', 'in', ids)
        .execute();
      const rows = await db.selectFrom('recordings').select(['object_key', 'stored_bytes']).where('id', 'in', ids).execute();
      return rows.map((r) => ({ key: r.object_key, size: Number(r.stored_bytes ?? BODY) }));
    };

    const r = await alternate(
      Math.min(o.rounds, 2),
      async () => {
        keys = await seed();
        const t = performance.now();
        const run = await runRetention(stack.ctx, {
          triggeredBy: 'bench',
          // Each batch's line says where its time went (S3, then tombstones and events), timed from the start.
          onProgress: (line) => {
            if (line.startsWith('expired ')) o.log(`    +${(performance.now() - t).toFixed(0)} ms: ${line}`);
          },
        });
        const seconds = (performance.now() - t) / 1000;
        if (run.status !== 'done') throw new Error('another retention run holds the lock');
        if (run.report.errors.length) throw new Error(`retention errors: ${JSON.stringify(run.report.errors).slice(0, 300)}`);
        if (run.report.destroyed.length !== keys.length)
          throw new Error(`expired ${run.report.destroyed.length} of ${keys.length} objects`);
        const rate = run.report.destroyed.length / seconds;
        o.log(`  runRetention ${rate.toFixed(0)} objects/s (${run.report.expired} recordings)`);
        return rate;
      },
      async () => {
        // The keys of the latest Kura round (round 0 runs Kura first), each back at its stored size.
        const same = keys;
        if (!same.length) throw new Error('no Kura round has run yet');
        let next = 0;
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            while (next < same.length) {
              const { key, size } = same[next++]!;
              await stack.plainS3.send(new PutObjectCommand({ Bucket: stack.s3.bucket, Key: key, Body: randomBytes(size) }));
            }
          }),
        );
        const t = performance.now();
        for (let i = 0; i < same.length; i += 1000) {
          const out = await stack.plainS3.send(
            new DeleteObjectsCommand({
              Bucket: stack.s3.bucket,
              Delete: { Objects: same.slice(i, i + 1000).map(({ key }) => ({ Key: key })), Quiet: true },
            }),
          );
          if (out.Errors?.length) throw new Error(`DeleteObjects refused ${out.Errors.length} keys`);
        }
        const rate = same.length / ((performance.now() - t) / 1000);
        o.log(`  DeleteObjects ${rate.toFixed(0)} objects/s`);
        return rate;
      },
    );
    const kura = summarize(r.kura);
    const baseline = summarize(r.baseline);
    const ratio = kura.median / baseline.median;
    return [
      {
        scenario: 'retention',
        metric: `expiry of ${count} small recordings`,
        unit: 'objects/s',
        kura,
        baseline,
        ratio,
        target: '≥ 0.8×',
        pass: ratio >= 0.8,
        note: 'Kura: runRetention, batches of 1,000 recordings (one DeleteObjects each here), two batches in flight; baseline: batches of 1,000',
      },
    ];
  },
};
