import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { resolveByteRange } from '../../lib/byte-range.ts';
import type { MediaLogger } from './errors.ts';
import { loopbackClientOwner } from './socket-owner.ts';

/** Plaintext that exists only as a stream, e.g. decrypted on the fly from S3. */
export interface RangeSource {
  size: number;
  contentType: string;
  /** Must honour `signal`: it is aborted when the HTTP client goes away. */
  openRange(start: number, endInclusive: number, signal: AbortSignal): Promise<Readable>;
}

export interface LoopbackSource {
  /** `http://127.0.0.1:<port>/media`. Not a secret: only admitted processes get an answer. */
  url: string;
  /** Lets process `pid` read until the returned function is called (call it when pid exits). */
  admit(pid: number): () => void;
  /** True once serving failed on our side (opening or streaming a range), not the reader's. */
  sourceFailed(): boolean;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  logger?: MediaLogger;
}

const silent: MediaLogger = { debug() {}, warn() {} };
const PATH = '/media';

/**
 * Serves one plaintext to ffmpeg over loopback HTTP with Range support, because MP4 inputs
 * often need to seek (index at the end) and a pipe cannot; nothing touches the disk.
 *
 * The URL ends up in ffmpeg's argv, which every local user can read in /proc/<pid>/cmdline,
 * so it carries no secret at all. What guards the plaintext is who is asking: every
 * connection is checked against the kernel's socket tables (socket-owner.ts) and answered only
 * if the admitted process (the ffmpeg child reading it) holds the client end. Anything else
 * gets an empty 404 before a byte of the source is opened. Use it through withMediaInput,
 * which admits exactly the ffmpeg children it spawns.
 *
 * Why not keep a secret and hand it to ffmpeg over stdin or in a 0600 file: ffmpeg would then
 * read a concat list instead of the media, which changes the container probe reports, and a
 * secret that exists can leak (ffmpeg's stderr, which we log, quotes its input URL). A check
 * of the peer leaves nothing to leak. It holds against other local users; a process running
 * as Kura's own user could read ffmpeg's memory (ptrace) whatever we did.
 */
export async function startLoopbackSource(source: RangeSource, opts: LoopbackOptions = {}): Promise<LoopbackSource> {
  const logger = opts.logger ?? silent;
  const admitted = new Map<number, number>(); // pid → admissions not yet revoked
  const owners = new WeakMap<Socket, Promise<number | null>>();
  let failures = 0;

  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      logger.warn({ err }, 'loopback source: request failed');
      res.destroy();
    });
  });
  // Half-open or malformed connections are ffmpeg hanging up mid-seek; nothing to report.
  server.on('clientError', (_err, socket) => socket.destroy());

  /** One look at /proc per connection: a socket's owner does not change while it is open. */
  async function peerAdmitted(socket: Socket): Promise<boolean> {
    let owner = owners.get(socket);
    if (!owner) {
      owner = ownerOf(socket);
      owners.set(socket, owner);
    }
    const pid = await owner;
    // Asked again per request: a reader that has exited is not served on a leftover connection.
    return pid !== null && admitted.has(pid);
  }

  async function ownerOf(socket: Socket): Promise<number | null> {
    const { localPort, remotePort } = socket;
    const pid = localPort && remotePort ? await loopbackClientOwner(localPort, remotePort, [...admitted.keys()]) : null;
    // A pid is revoked as soon as its process is reaped, and only then can the kernel hand the
    // number to another process: still admitted after the look means the look saw our child.
    if (pid === null || !admitted.has(pid)) {
      logger.warn({ remotePort }, 'loopback source: refused a connection from a process that is not an admitted reader');
      return null;
    }
    return pid;
  }

  function refuse(res: ServerResponse): void {
    res.writeHead(404, { 'Content-Length': 0, Connection: 'close' }).end();
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(await peerAdmitted(req.socket))) {
      refuse(res);
      return;
    }
    if (req.url !== PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Length': 0 }).end();
      return;
    }
    const { size } = source;
    const range = resolveByteRange(req.headers.range, size);
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': 0 }).end();
      return;
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : size - 1;
    const length = end - start + 1;
    const headers: OutgoingHttpHeaders = {
      'Content-Type': source.contentType,
      'Content-Length': length,
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'no-store',
    };
    if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    const status = range.kind === 'partial' ? 206 : 200;

    if (req.method === 'HEAD' || length === 0) {
      res.writeHead(status, headers).end();
      return;
    }

    // ffmpeg seeks by dropping the connection and opening another one: stop decrypting then.
    const clientGone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) clientGone.abort();
    });

    let body: Readable;
    try {
      body = await source.openRange(start, end, clientGone.signal);
    } catch (err) {
      if (clientGone.signal.aborted) return;
      failures++;
      logger.warn({ err, start, end }, 'loopback source: could not open range');
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'Content-Length': 0 }).end();
      return;
    }
    if (clientGone.signal.aborted) {
      body.destroy();
      return;
    }

    res.writeHead(status, headers);
    pipeline(body, res, (err) => {
      if (!err) return;
      if (clientGone.signal.aborted) {
        logger.debug({ start, end }, 'loopback source: client left mid-range');
      } else {
        // A failing source (e.g. a tag mismatch) must cut the response short, never end it
        // cleanly: the missing bytes tell ffmpeg the body is incomplete.
        failures++;
        logger.warn({ err, start, end }, 'loopback source: stream failed');
        res.destroy();
      }
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}${PATH}`,
    admit(pid) {
      admitted.set(pid, (admitted.get(pid) ?? 0) + 1);
      let revoked = false;
      return () => {
        if (revoked) return;
        revoked = true;
        const left = (admitted.get(pid) ?? 1) - 1;
        if (left > 0) admitted.set(pid, left);
        else admitted.delete(pid);
      };
    },
    sourceFailed: () => failures > 0,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Destroying the sockets closes every response, which aborts every open source stream.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
