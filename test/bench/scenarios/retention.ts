import { randomBytes } from 'node:crypto';
import { DeleteObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Scenario } from '../lib/scenario.ts';
import { summarize } from '../lib/stats.ts';

/**
 * Retention expiry of many small recordings. Kura's side is the retention job (issue "Retention",
 * branch retention-job), which is not on main yet: until it is, this scenario measures the baseline
 * alone, raw S3 DeleteObjects of the same number of small keys in batches of 1,000, so the Kura
 * side has its yardstick the day it lands.
 */
export const retention: Scenario = {
  name: 'retention',
  about: 'retention expiry of small recordings vs raw S3 DeleteObjects (baseline only until the retention job lands)',
  async run(stack, o) {
    const count = o.quick ? 5_000 : 100_000;
    const rates: number[] = [];
    const body = randomBytes(2048);
    for (let round = 0; round < Math.min(o.rounds, 2); round++) {
      const keys = Array.from({ length: count }, (_, i) => `plain/expiry-${round}-${i}-${randomBytes(3).toString('hex')}`);
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < keys.length) {
            const key = keys[next++]!;
            await stack.plainS3.send(new PutObjectCommand({ Bucket: stack.s3.bucket, Key: key, Body: body }));
          }
        }),
      );
      const t = performance.now();
      for (let i = 0; i < keys.length; i += 1000) {
        const out = await stack.plainS3.send(
          new DeleteObjectsCommand({
            Bucket: stack.s3.bucket,
            Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
          }),
        );
        if (out.Errors?.length) throw new Error(`DeleteObjects refused ${out.Errors.length} keys`);
      }
      const rate = count / ((performance.now() - t) / 1000);
      o.log(`  DeleteObjects ${rate.toFixed(0)} objects/s`);
      rates.push(rate);
    }
    return [
      {
        scenario: 'retention',
        metric: `expiry of ${count} small objects: raw DeleteObjects (baseline)`,
        unit: 'objects/s',
        kura: summarize(rates),
        baseline: null,
        ratio: null,
        target: 'Kura ≥ 0.8× of this',
        pass: null,
        note: 'Kura side not measured: the retention job (branch retention-job) is not merged yet',
      },
    ];
  },
};
