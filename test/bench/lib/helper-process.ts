import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface Helper {
  pid: number;
  port: number;
  /** Maps a plain URL's path and query (a presigned URL's signature) onto this helper (the proxies). */
  via: (plainUrl: string) => string;
  stop: () => void;
}

/**
 * A helper server (a bare proxy, the bare database server) in a process of its own, as Kura is:
 * it prints its port once it listens, reads `stdin` (secrets go there, never in argv) and stops
 * when stdin closes.
 */
export async function startHelper(what: string, args: string[], stdin?: string): Promise<Helper> {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  if (stdin !== undefined) child.stdin!.write(`${stdin}\n`);
  const exited = once(child, 'exit').then(() => [Buffer.from('')] as [Buffer]);
  const [line] = await Promise.race([once(child.stdout!, 'data') as Promise<[Buffer]>, exited]);
  const port = Number(line.toString().trim());
  if (!port) throw new Error(`the ${what} did not start`);
  return {
    pid: child.pid!,
    port,
    via: (url) => `http://127.0.0.1:${port}${new URL(url).pathname}${new URL(url).search}`,
    stop: () => child.stdin!.end(),
  };
}
