import { spawn } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';
import { TEST_INGEST_TOKEN, type Harness } from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const MAIN = path.join(ROOT, 'apps/api/src/cli/main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `pnpm kura …` as an operator runs it: a child process against the harness's database, bucket and key ring. */
export function runKura(h: Harness, args: string[], stdin = '', extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return spawnKura(args, stdin, kuraEnv(h, extraEnv));
}

/** The environment an operator's Kura process gets: the harness's database, bucket and key ring. */
export function kuraEnv(h: Harness, extraEnv: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: h.dbUrl,
    S3_ENDPOINT: inject('s3Endpoint'),
    S3_BUCKET: h.ctx.store.bucket,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    KURA_KEYRING: h.ctx.config.keyringPath,
    KURA_INGEST_TOKENS: TEST_INGEST_TOKEN,
    KURA_DATA_DIR: h.dataDir,
    LOG_LEVEL: 'error',
    ...extraEnv,
  };
}

/**
 * `pnpm kura …` where no Kura runs (an agency's machine): the database, S3 and key ring it is
 * given cannot be reached, so a command that tried to use them would fail.
 */
export function runKuraOffline(args: string[], cwd = ROOT): Promise<CliResult> {
  return spawnKura(
    args,
    '',
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      S3_ENDPOINT: 'http://127.0.0.1:1',
      S3_BUCKET: 'none',
      KURA_KEYRING: '/nonexistent/keyring.json',
      LOG_LEVEL: 'trace',
    },
    cwd,
  );
}

function spawnKura(args: string[], stdin: string, env: NodeJS.ProcessEnv, cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
