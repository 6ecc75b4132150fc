import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** `node --import tsx <file>`: one Node process (no tsx wrapper in between), so a signal reaches Kura itself. */
export const fromSource = (file: string) => ['--import', 'tsx', path.join(ROOT, file)];

export interface KuraProcess {
  readonly pid: number;
  /** Every line of stdout and stderr so far. */
  readonly lines: string[];
  /** Resolves with the first line (past or future) that matches; rejects if the process exits first. */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** JSON log lines (pino) so far. */
  logs(): Record<string, unknown>[];
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

/** A Kura server, worker or CLI process as an operator starts it, with its output kept for the test. */
export function startKuraProcess(nodeArgs: string[], env: NodeJS.ProcessEnv): KuraProcess {
  const child: ChildProcess = spawn(process.execPath, nodeArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const watchers = new Set<(line: string | null) => void>();
  let running = true;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      running = false;
      for (const w of watchers) w(null);
      resolve(code);
    });
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const w of watchers) w(line);
    });
  }
  return {
    pid: child.pid!,
    lines,
    exited,
    waitForLine(re, timeoutMs = 90_000) {
      const seen = lines.map((l) => re.exec(l)).find(Boolean);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`no line matching ${re} within ${timeoutMs} ms; output:\n${lines.slice(-40).join('\n')}`));
        }, timeoutMs);
        const watch = (line: string | null) => {
          const m = line === null ? null : re.exec(line);
          if (line !== null && !m) return;
          clearTimeout(timer);
          watchers.delete(watch);
          if (m) resolve(m);
          else reject(new Error(`process exited before a line matching ${re}; output:\n${lines.slice(-40).join('\n')}`));
        };
        watchers.add(watch);
        if (!running) watch(null);
      });
    },
    logs() {
      return lines.flatMap((l) => {
        if (!l.startsWith('{')) return [];
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
    },
    kill(signal) {
      child.kill(signal);
    },
    async stop(graceMs = 10_000) {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
