import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { KeyRing } from '@kura/vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kuraEnv } from '../../../test/support/cli.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { makeMedia, waitFor } from '../../../test/support/media.ts';
import { ROOT, startKuraProcess, type KuraProcess } from '../../../test/support/processes.ts';
import { seedRecording } from '../../../test/support/seed-recording.ts';

// The production start: `pnpm build:api` compiles the server and CLI to apps/api/dist, and
// plain `node` (no TypeScript loader anywhere) runs them with NODE_ENV=production against real
// PostgreSQL and S3, the way the container image does.

const DIST = path.join(ROOT, 'apps/api/dist');
let h: Harness;
const procs: KuraProcess[] = [];

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/build-api.mjs')], { cwd: ROOT });
  h = await createHarness();
}, 180_000);
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await h?.close();
});

function startCompiled(args: string[], env: NodeJS.ProcessEnv = {}): KuraProcess {
  const p = startKuraProcess(args, kuraEnv(h, { NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env }));
  procs.push(p);
  return p;
}

describe('the compiled server', () => {
  it('is plain JavaScript with the embedded services’ scripts beside it', () => {
    for (const f of ['main.js', 'cli.js', 'pglite-child.mjs', 's3rver-child.mjs']) expect(existsSync(path.join(DIST, f))).toBe(true);
  });

  it('starts with NODE_ENV=production and answers /healthz and /readyz with 200, and /metrics on its own port', async () => {
    const server = startCompiled([path.join(DIST, 'main.js')], {
      HOST: '127.0.0.1',
      PORT: '0',
      KURA_WORKERS: 'off',
      KURA_CHECKPOINT_MINUTES: 'off',
      KURA_METRICS_PORT: '0',
      LOG_LEVEL: 'info',
    });
    const url = (await server.waitForLine(/^Kura is running: (http:\/\/127\.0\.0\.1:\d+)$/))[1]!;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok', keyring: 'ok' } });

    const listening = server.logs().find((l) => l.msg === 'metrics listening');
    expect(listening).toBeDefined();
    const metrics = await fetch(`http://127.0.0.1:${listening!.port as number}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/kura_http_requests_total\{method="GET",route="\/readyz",status="200"\} 1/);
  }, 150_000);

  it('runs the migration step (`node apps/api/dist/cli.js migrate`) and exits 0', async () => {
    const migrate = startCompiled([path.join(DIST, 'cli.js'), 'migrate']);
    expect(await migrate.exited).toBe(0);
    expect(migrate.lines).toContain('the schema is current');
  });

  it('writes a complete key ring offline (`cli.js keys generate`), 0600, and never overwrites one', async () => {
    const file = path.join(h.dataDir, 'generated-keyring.json');
    const first = startCompiled([path.join(DIST, 'cli.js'), 'keys', 'generate', file]);
    expect(await first.exited).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const ring = KeyRing.parse(JSON.parse(await readFile(file, 'utf8')));
    expect(ring.signing).not.toBeNull();
    const again = startCompiled([path.join(DIST, 'cli.js'), 'keys', 'generate', file]);
    expect(await again.exited).toBe(1);
    expect(KeyRing.parse(JSON.parse(await readFile(file, 'utf8'))).activeId).toBe(ring.activeId);
  });

  it('runs the compiled worker (`node apps/api/dist/cli.js worker`), ffmpeg included', async () => {
    const worker = startCompiled([path.join(DIST, 'cli.js'), 'worker']);
    await worker.waitForLine(/^worker worker-\d+-[0-9a-f]+ running/);
    const { recordingId } = await seedRecording(h, await makeMedia({ kind: 'mp4', seconds: 1, seed: 3 }));
    const state = await waitFor(
      'the recording processed',
      async () => {
        const row = await h.ctx.db.selectFrom('recordings').select('state').where('id', '=', recordingId).executeTakeFirstOrThrow();
        return row.state === 'processing' ? null : row.state;
      },
      90_000,
    );
    expect(state).toBe('ready');
  }, 150_000);
});
