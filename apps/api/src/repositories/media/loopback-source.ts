import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { resolveByteRange } from '../../lib/byte-range.ts';
import type { MediaLogger } from './errors.ts';

/** Plaintext that exists only as a stream, e.g. decrypted on the fly from S3. */
export interface RangeSource {
  size: number;
  contentType: string;
  /** Must honour `signal`: it is aborted when the HTTP client goes away. */
  openRange(start: number, endInclusive: number, signal: AbortSignal): Promise<Readable>;
}

export interface LoopbackSource {
  /** `http://127.0.0.1:<port>/<token>`: treat it as a secret, it grants the plaintext. */
  url: string;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  logger?: MediaLogger;
}

const silent: MediaLogger = { debug() {}, warn() {} };

/**
 * Serves one plaintext to ffmpeg over loopback HTTP with Range support, because MP4 inputs
 * often need to seek (index at the end) and a pipe cannot; nothing touches the disk.
 */
export async function startLoopbackSource(source: RangeSource, opts: LoopbackOptions = {}): Promise<LoopbackSource> {
  const logger = opts.logger ?? silent;
  const token = randomBytes(32).toString('hex');
  const expectedPath = Buffer.from(`/${token}`);

  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      logger.warn({ err }, 'loopback source: request failed');
      res.destroy();
    });
  });
  // Half-open or malformed connections are ffmpeg hanging up mid-seek; nothing to report.
  server.on('clientError', (_err, socket) => socket.destroy());

  function isOurPath(url: string | undefined): boolean {
    const got = Buffer.from(url ?? '');
    return got.length === expectedPath.length && timingSafeEqual(got, expectedPath);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isOurPath(req.url) || (req.method !== 'GET' && req.method !== 'HEAD')) {
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
    url: `http://127.0.0.1:${port}/${token}`,
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
