// A bare HTTP server over PostgreSQL, in a process of its own as Kura is, with no framework,
// session, middleware or audit. The lists scenario times it at the same concurrency as Kura:
// - `GET /?id=<staff id>` answers one staff user looked up by id (one indexed query): what any
//   server that asks PostgreSQL once per request can do on this machine;
// - `GET /replay/<n>` sends the n-th set of statements it was given (a list's SQL as Kura sends it,
//   text, values and statement name) all at once through its pool and answers their rows as JSON:
//   what any server that asks PostgreSQL what Kura asks for that list can do.
// Reads its settings from stdin (the database URL may hold a password: never argv), prints its
// port on stdout, stops when its parent closes stdin.
import http from 'node:http';
import { createInterface } from 'node:readline';
import pg from 'pg';

const lines = createInterface({ input: process.stdin });
const { databaseUrl, poolSize, replays = [] } = JSON.parse(await new Promise((resolve) => lines.once('line', resolve)));
const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const server = http.createServer({ keepAlive: true, keepAliveTimeout: 65_000 }, (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const replay = /^\/replay\/(\d+)$/.exec(url.pathname);
  if (replay) {
    const statements = replays[Number(replay[1])];
    if (!statements) return send(res, 404, 'null');
    Promise.all(statements.map(({ name, text, values }) => pool.query(name ? { name, text, values } : { text, values }))).then(
      (results) => send(res, 200, JSON.stringify(results.map((r) => r.rows))),
      () => res.writeHead(500).end(),
    );
    return;
  }
  pool.query('select id, display_name from staff_users where id = $1', [url.searchParams.get('id') ?? '']).then(
    ({ rows }) => send(res, rows[0] ? 200 : 404, JSON.stringify(rows[0] ?? null)),
    () => res.writeHead(500).end(),
  );
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
lines.on('close', () => process.exit(0));
