// Embedded PostgreSQL: PGlite served over the wire protocol on 127.0.0.1, in its own process so
// that WASM query execution never blocks the API's event loop. Prints one JSON line when ready.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const [dataDir, portArg] = process.argv.slice(2);
const db = await PGlite.create(dataDir);
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: Number(portArg ?? 0), maxConnections: 8 });
await server.start();
const port = Number(server.getServerConn().split(':').pop());
process.stdout.write(`${JSON.stringify({ ready: true, port })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  await db.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
