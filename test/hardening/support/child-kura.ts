import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { kuraEnv as operatorEnv } from '../../support/cli.ts';
import type { Harness } from '../../support/harness.ts';

// Kura as separate processes on the harness's database, bucket and key ring, so a test can kill
// one with SIGKILL (no cleanup, no goodbye) and start another: the API server, or a worker.

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export interface ChildKura {
  child: ChildProcess;
  /** http://127.0.0.1:<port> for a server; null for a worker. */
  url: string | null;
  output(): string;
  kill(): Promise<void>;
}

/** An operator's environment (test/support/cli.ts), quieter, and with no random sampling to skew counts. */
export function kuraEnv(h: Harness, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return operatorEnv(h, { KURA_SAMPLE_RATE: '0', LOG_LEVEL: 'warn', ...extra });
}

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function start(args: string[], env: NodeJS.ProcessEnv, url: string | null, ready: RegExp): Promise<ChildKura> {
  // Its own process group: tsx runs Kura in a child of its own, and a kill must reach both.
  const child = spawn(TSX, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    process.kill(-child.pid!, 'SIGKILL');
    await gone;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`kura ${args.join(' ')} did not start: ${out.slice(-2000)}`));
    }, 120_000);
    const check = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, url, output: () => out, kill });
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kura ${args.join(' ')} exited (${code}) before it was ready: ${out.slice(-2000)}`));
    });
  });
}

/** The API server (workers off: the test decides who runs jobs). */
export async function startKuraServer(h: Harness, extra: NodeJS.ProcessEnv = {}): Promise<ChildKura> {
  const port = await freePort();
  return start(
    [path.join(ROOT, 'apps/api/src/main.ts')],
    kuraEnv(h, { PORT: String(port), HOST: '127.0.0.1', KURA_WORKERS: 'off', ...extra }),
    `http://127.0.0.1:${port}`,
    /Kura is running/,
  );
}

/** `pnpm kura worker`: ready once it says it runs. */
export async function startKuraWorker(h: Harness, extra: NodeJS.ProcessEnv = {}): Promise<ChildKura> {
  return start([path.join(ROOT, 'apps/api/src/cli/main.ts'), 'worker'], kuraEnv(h, extra), null, /worker \S+ running/);
}
