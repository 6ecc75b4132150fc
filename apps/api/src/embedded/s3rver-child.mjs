// Embedded S3-compatible server (s3rver) on 127.0.0.1. Runs as its own process because it needs
// --openssl-legacy-provider for paginated listings. Prints one JSON line when ready.
import S3rver from 's3rver';

const [directory, portArg] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: Number(portArg ?? 0), directory, silent: true });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ ready: true, port })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
