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
export function runKura(h: Harness, args: string[], stdin = ''): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
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
  };
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
