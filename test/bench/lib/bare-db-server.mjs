// A bare HTTP server over PostgreSQL, in a process of its own as Kura is: each GET answers one
// staff user looked up by id (one indexed query through a pool of the size Kura's defaults to) as
// JSON, with no framework, session, middleware or audit. The lists scenario times it at the same
// concurrency to show what any server that asks PostgreSQL once per request can do on this
// machine. Reads its database URL from stdin (it may hold a password: never argv), prints its
// port on stdout, stops when its parent closes stdin.
import http from 'node:http';
import { createInterface } from 'node:readline';
import pg from 'pg';

const lines = createInterface({ input: process.stdin });
const { databaseUrl, poolSize } = JSON.parse(await new Promise((resolve) => lines.once('line', resolve)));
const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });

const server = http.createServer({ keepAlive: true, keepAliveTimeout: 65_000 }, (req, res) => {
  const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id') ?? '';
  pool.query('select id, display_name from staff_users where id = $1', [id]).then(
    ({ rows }) => {
      const body = JSON.stringify(rows[0] ?? null);
      res.writeHead(rows[0] ? 200 : 404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
    () => res.writeHead(500).end(),
  );
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
lines.on('close', () => process.exit(0));
