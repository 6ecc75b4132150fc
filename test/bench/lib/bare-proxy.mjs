// A bare streaming proxy in front of the S3 server, in a process of its own as Kura is: no
// session, no audit, no decryption, each response piped through as it arrives. The ranges
// scenario times it over the same ranges to show what any proxy costs on this machine, apart
// from what Kura does. Prints its port on stdout; stops when its parent closes stdin.
import http from 'node:http';

const upstream = new URL(process.argv[2] ?? '');
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer({ keepAlive: true }, (req, res) => {
  const headers = req.headers.range ? { range: req.headers.range } : {};
  const up = http.get(new URL(req.url ?? '/', upstream), { agent, headers }, (answer) => {
    const out = {};
    for (const name of ['content-length', 'content-range', 'content-type', 'etag']) {
      if (answer.headers[name] !== undefined) out[name] = answer.headers[name];
    }
    res.writeHead(answer.statusCode ?? 502, out);
    answer.pipe(res);
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
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
