import http from 'node:http';
import type { Readable } from 'node:stream';

/** Keep-alive for both sides alike: a browser or an S3 client reuses its connections too. */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface Timed {
  status: number;
  /** Milliseconds from sending the request to the first body byte. */
  ttfb: number;
  /** Milliseconds from sending the request to the last body byte. */
  total: number;
  /** Milliseconds to the `firstBytes`th body byte (NaN when not asked or never reached). */
  firstN: number;
  bytes: number;
}

/** A GET whose body is read and dropped, timed to its first and last byte. */
export function timedGet(url: string, headers: Record<string, string>, firstBytes = 0): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttfb = NaN;
    let firstN = NaN;
    let bytes = 0;
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) ttfb = performance.now() - t0;
        bytes += chunk.length;
        if (firstBytes && Number.isNaN(firstN) && bytes >= firstBytes) firstN = performance.now() - t0;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ttfb, total: performance.now() - t0, firstN, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** A request with a streamed body; resolves with the status and the answer's text. */
export function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: Readable | string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body === undefined || typeof body === 'string') req.end(body);
    else body.pipe(req);
  });
}
