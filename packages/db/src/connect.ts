import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type DbTx = Transaction<Database>;
/** Repositories take either the pool or a transaction, so services decide the boundary. */
export type DbOrTx = Db | DbTx;

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

// bigint columns (sizes, seq) stay well under 2^53; parse them as numbers so PGlite and pg agree.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    // A calendar day has no time zone; a Date would shift it to the server's midnight.
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** SQL texts sent as named statements, by text; see `prepareOnServer`. */
const statementNames = new Map<string, string>();

/**
 * From now on, this exact SQL text is sent as a named statement: PostgreSQL parses it once per
 * connection and, once it has seen that one plan serves any values (its plan cache decides, after
 * five runs), stops planning it. For statements whose text is fixed (built once, values only as
 * parameters) and run on many requests: for an unnamed one, parsing and planning cost PostgreSQL
 * more than running it (a joined page of 26 review items: 0.8 ms of planning, 0.5 of running).
 * Each text becomes one statement per connection, so the set must stay small and fixed: never a
 * text with values written into it. Behind PgBouncer in transaction mode this needs
 * `max_prepared_statements` (PgBouncer 1.21 or later).
 */
export function prepareOnServer(sqlText: string): void {
  if (!statementNames.has(sqlText)) {
    statementNames.set(sqlText, `kura_${createHash('sha256').update(sqlText).digest('hex').slice(0, 24)}`);
  }
}

/** The name this SQL text is sent under, if prepareOnServer registered it. */
export function statementName(sqlText: string): string | undefined {
  return statementNames.get(sqlText);
}

/** Kysely sends `query(text, values)`; a text registered by prepareOnServer goes as its named statement. */
function nameRegisteredStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof text === 'string' && Array.isArray(values) ? statementNames.get(text) : undefined;
    return name ? query({ name, text, values }, callback) : query(text, values, callback);
  }) as typeof client.query;
}

/**
 * A connection the server ends (a restart, a failover, pg_terminate_backend) emits 'error' on its
 * client, idle or checked out, and pg-pool passes an idle one's on to the pool; an 'error' event
 * with no listener kills the whole process. A query on it fails on its own (the caller gets that
 * error), pg drops the connection from the pool, and the next query opens a new one: all that is
 * left is to say so, once per connection (the client listener; the pool's would repeat it).
 */
export function createPool(connectionString: string, max = 10, onConnectionError: (err: Error) => void = () => {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types: types as pg.CustomTypesConfig });
  pool.on('connect', (client) => {
    client.on('error', onConnectionError);
    nameRegisteredStatements(client);
  });
  pool.on('error', () => {});
  return pool;
}

export function createDb(connectionString: string, max = 10, onConnectionError?: (err: Error) => void): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(connectionString, max, onConnectionError) }) });
}
