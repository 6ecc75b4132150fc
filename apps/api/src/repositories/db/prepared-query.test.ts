import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { preparedQuery } from './prepared-query.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

// Real PostgreSQL: the SQL is compiled once, the values must still be each call's.
const echo = preparedQuery((db, p: { word: string; n: number; at: Date }) =>
  db.selectNoFrom([
    sql<string>`${p.word}::text`.as('word'),
    sql<number>`${p.n}::int + ${p.n}::int`.as('twice'),
    sql<string>`${'fixed'}::text`.as('fixed'),
    sql<boolean>`${p.at}::timestamptz < now()`.as('past'),
  ]),
);

describe('preparedQuery', () => {
  it('runs with each call’s parameters, wherever and however often they appear', async () => {
    const first = await echo(h.ctx.db, { word: 'alpha', n: 2, at: new Date(Date.now() - 60_000) });
    const second = await echo(h.ctx.db, { word: 'beta', n: 20, at: new Date(Date.now() + 3_600_000) });
    expect(first).toEqual([{ word: 'alpha', twice: 4, fixed: 'fixed', past: true }]);
    expect(second).toEqual([{ word: 'beta', twice: 40, fixed: 'fixed', past: false }]);
  });

  it('sends values as parameters, never as SQL', async () => {
    const word = "x'; drop table audit_events; --";
    expect(await echo(h.ctx.db, { word, n: 1, at: new Date() })).toEqual([expect.objectContaining({ word })]);
    const left = await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(h.ctx.db);
    expect(left.rows).toHaveLength(1);
  });

  it('runs inside a transaction too', async () => {
    const rows = await h.ctx.db.transaction().execute((tx) => echo(tx, { word: 'tx', n: 3, at: new Date() }));
    expect(rows[0]).toMatchObject({ word: 'tx', twice: 6 });
  });

  it('is parsed once per connection: PostgreSQL holds it as a named statement', async () => {
    // One transaction is one connection: the second run must reuse what the first prepared.
    const prepared = await h.ctx.db.transaction().execute(async (tx) => {
      await echo(tx, { word: 'one', n: 1, at: new Date() });
      await echo(tx, { word: 'two', n: 2, at: new Date() });
      return sql<{ name: string }>`select name from pg_prepared_statements where statement like '%as "twice"%'`.execute(tx);
    });
    expect(prepared.rows).toEqual([{ name: expect.stringMatching(/^kura_[0-9a-f]{24}$/) }]);
  });
});
