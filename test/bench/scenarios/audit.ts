import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createDb } from '@kura/db';
import { recordAudit } from '../../../apps/api/src/services/audit/audit-log.ts';
import { verifyChain } from '../../../apps/api/src/services/audit/verify-chain.ts';
import type { Scenario } from '../lib/scenario.ts';
import { alternate, summarize } from '../lib/stats.ts';

const WRITERS = 16;

/**
 * 16 concurrent writers appending `media.read` events to the hash chain (the app's own
 * recordAudit, each append its own transaction as a read's is), against 16 writers inserting the
 * same rows into a copy of the table with no chain, no lock and no trigger. The chain is walked
 * from genesis afterwards.
 */
export const audit: Scenario = {
  name: 'audit',
  about: 'audit append, 16 concurrent writers, vs plain insert of the same rows (no chain); chain verified after',
  async run(stack, o) {
    const perRound = o.quick ? 2_000 : 10_000;
    // One connection per writer, as 16 request handlers would each hold one.
    const db = createDb(stack.dbUrl, WRITERS + 2);
    try {
      await sql`create table if not exists bench_plain_events (like audit_events including defaults)`.execute(db);
      await sql`create sequence if not exists bench_plain_seq`.execute(db);
      const subject = randomUUID();
      const event = (i: number) => ({
        action: 'media.read' as const,
        subject: { type: 'recording' as const, id: subject },
        purpose: 'deter_prohibited_conduct' as const,
        details: { grantId: subject, reference: 'BENCH-1', range: { start: i * 1024, end: i * 1024 + 1023 }, bytes: 1024 },
      });
      const writers = async (one: (i: number) => Promise<unknown>) => {
        let next = 0;
        const t = performance.now();
        await Promise.all(
          Array.from({ length: WRITERS }, async () => {
            while (next < perRound) await one(next++);
          }),
        );
        return perRound / ((performance.now() - t) / 1000);
      };
      const requestId = randomBytes(8).toString('hex');
      const r = await alternate(
        o.rounds,
        async () => {
          const rate = await writers((i) => recordAudit(db, { actor: { type: 'staff', id: subject }, requestId }, event(i), new Date()));
          o.log(`  audit append ${rate.toFixed(0)} events/s`);
          return rate;
        },
        async () => {
          const rate = await writers((i) => {
            const e = event(i);
            return sql`insert into bench_plain_events (seq, occurred_at, actor_type, actor_id, action, subject_type, subject_id, purpose, request_id, details, prev_hash, hash)
              values (nextval('bench_plain_seq'), now(), 'staff', ${subject}, ${e.action}, ${e.subject.type}, ${e.subject.id}, ${e.purpose}, ${requestId},
                      ${JSON.stringify(e.details)}, ${'0'.repeat(64)}, ${randomBytes(32).toString('hex')})`.execute(db);
          });
          o.log(`  plain insert ${rate.toFixed(0)} rows/s`);
          return rate;
        },
      );
      const chain = await verifyChain(db);
      await sql`drop table bench_plain_events`.execute(db);
      await sql`drop sequence bench_plain_seq`.execute(db);
      const kura = summarize(r.kura);
      const base = summarize(r.baseline);
      const ratio = kura.median / base.median;
      return [
        {
          scenario: 'audit',
          metric: `append, ${WRITERS} writers, ${perRound} events per round`,
          unit: 'events/s',
          kura,
          baseline: base,
          ratio,
          target: '≥ 2,000/s and ≥ 0.5×',
          pass: kura.median >= 2000 && ratio >= 0.5,
        },
        {
          scenario: 'audit',
          metric: 'chain intact after the appends',
          unit: 'events',
          kura: summarize([chain.events]),
          baseline: null,
          ratio: null,
          target: 'intact',
          pass: chain.intact,
          note: chain.intact ? `walked ${chain.events} events from genesis` : `broken at seq ${chain.firstBrokenSeq}`,
        },
      ];
    } finally {
      await db.destroy();
    }
  },
};
