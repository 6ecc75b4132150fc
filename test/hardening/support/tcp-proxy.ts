import net from 'node:net';

// A TCP proxy in front of the S3 server that a fault test can cut: every open connection is
// destroyed and new ones are refused until `restore()`, as if the server had stopped. `cutWhen`
// arms a cut for the moment a request line the app sends matches (say, the first PUT of a clip).

export interface TcpProxy {
  url: string;
  cut(): void;
  restore(): void;
  /** Cuts as soon as bytes sent upstream match; resolves when it has. */
  cutWhen(match: RegExp): Promise<void>;
  /** Bytes the app sent upstream so far. */
  bytesUp(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let down = false;
  let up = 0;
  let armed: { match: RegExp; fired: () => void } | null = null;

  const cut = () => {
    down = true;
    for (const s of sockets) s.destroy();
    sockets.clear();
  };

  const server = net.createServer((client) => {
    if (down) return void client.destroy();
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    const forget = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (d: Buffer) => {
      up += d.length;
      if (armed && armed.match.test(d.toString('latin1', 0, Math.min(d.length, 4096)))) {
        const fire = armed.fired;
        armed = null;
        cut();
        fire();
        return;
      }
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => client.write(d));
    client.on('close', forget).on('error', forget);
    upstream.on('close', forget).on('error', forget);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${own}`,
    cut,
    restore: () => {
      down = false;
    },
    cutWhen: (match) => new Promise<void>((resolve) => (armed = { match, fired: resolve })),
    bytesUp: () => up,
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
