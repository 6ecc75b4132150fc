// A bare decrypting proxy in front of the S3 server, in a process of its own as Kura is: one
// KRV1 object, no session, no grant, no audit, no database, each ranged GET of its ciphertext
// piped through KRV1's range decryptor (@kura/vault, the code Kura itself runs) as it arrives.
// The players scenario times it beside Kura to show what reading KRV1 through any proxy costs on
// this machine: what Kura adds beyond it is Kura's own. Reads one JSON line from stdin (the key
// is a secret: never argv), prints its port on stdout, stops when its parent closes stdin.
import http from 'node:http';
import { createInterface } from 'node:readline';
import { createRangeDecryptStream, planRange } from '@kura/vault';
import type { Krv1Copy } from './media-targets.ts';

const lines = createInterface({ input: process.stdin });
const first: string = await new Promise((resolve) => lines.once('line', resolve));
const config = JSON.parse(first) as Krv1Copy;
const dek = Buffer.from(config.dek, 'hex');
const header = Buffer.from(config.header, 'hex');
const upstream = new URL(config.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer({ keepAlive: true, keepAliveTimeout: 65_000 }, (req, res) => {
  const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  const start = Number(m?.[1]);
  const end = Math.min(Number(m?.[2]), config.plaintextBytes - 1);
  if (!m || start > end) {
    res.writeHead(416).end();
    return;
  }
  const plan = planRange({ plaintextBytes: config.plaintextBytes, segmentLog2: config.segmentLog2, start, end });
  const range = `bytes=${plan.cipherStart}-${plan.cipherEnd}`;
  const up = http.get(upstream, { agent, headers: { range } }, (answer) => {
    if (answer.statusCode !== 206) {
      answer.resume();
      res.writeHead(502).end();
      return;
    }
    res.writeHead(206, {
      'content-length': String(end - start + 1),
      'content-range': `bytes ${start}-${end}/${config.plaintextBytes}`,
      'content-type': 'application/octet-stream',
    });
    const decrypt = createRangeDecryptStream({ objectId: config.objectId, dek, header, plaintextBytes: config.plaintextBytes, plan });
    answer.on('error', (err) => decrypt.destroy(err));
    decrypt.on('error', () => res.destroy());
    answer.pipe(decrypt).pipe(res);
  });
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
lines.on('close', () => process.exit(0));
