import { CompiledQuery, type Compilable } from 'kysely';
import { prepareOnServer, type DbOrTx } from '@kura/db';

/** Stands for a parameter while the query is built; recognised by identity once it is compiled. */
class Slot {
  constructor(readonly name: string) {}
}

/**
 * A query built and compiled by Kysely once, then run with each call's parameters. Meant for the
 * media path (every range a player asks for runs one), where building the query anew took more
 * CPU and made more garbage than anything Kura does per request but decrypting (test/bench
 * README, ninth round), though only the values ever change.
 *
 * `build` gets a stand-in for each parameter it reads and must pass it on where a value goes (to
 * `where`, `on`, an `sql` template), never look into it; each stand-in among the compiled
 * parameters then takes that parameter's value. The SQL is the same for every connection and
 * transaction (one dialect), so it is compiled on first use, and sent as a named statement
 * (`prepareOnServer`): PostgreSQL parses it once per connection and plans it once its plan cache
 * has seen that one plan serves any values. So `build` must give a query whose best plan does not
 * depend on the values: lookups by key, never a filter whose selectivity varies.
 */
export function preparedQuery<P extends object, Row>(
  build: (db: DbOrTx, params: P) => Compilable<Row>,
): (db: DbOrTx, params: P) => Promise<Row[]> {
  let compiled: { sql: string; values: readonly unknown[] } | undefined;
  return async (db, params) => {
    if (!compiled) {
      const slots = new Proxy({}, { get: (_, name) => new Slot(String(name)) }) as P;
      const query = build(db, slots).compile();
      compiled = { sql: query.sql, values: query.parameters };
      prepareOnServer(compiled.sql);
    }
    const values = compiled.values.map((v) => (v instanceof Slot ? params[v.name as keyof P] : v));
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, values));
    return result.rows;
  };
}
