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

/**
 * A connection the server ends (a restart, a failover, pg_terminate_backend) emits 'error' on its
 * client, idle or checked out, and pg-pool passes an idle one's on to the pool; an 'error' event
 * with no listener kills the whole process. A query on it fails on its own (the caller gets that
 * error), pg drops the connection from the pool, and the next query opens a new one: all that is
 * left is to say so, once per connection (the client listener; the pool's would repeat it).
 */
export function createPool(connectionString: string, max = 10, onConnectionError: (err: Error) => void = () => {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types: types as pg.CustomTypesConfig });
  pool.on('connect', (client) => client.on('error', onConnectionError));
  pool.on('error', () => {});
  return pool;
}

export function createDb(connectionString: string, max = 10, onConnectionError?: (err: Error) => void): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(connectionString, max, onConnectionError) }) });
}
