import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config, S3Config } from '../config.ts';
import { startChildService, type ChildService } from './child-service.ts';

export interface EmbeddedServices {
  databaseUrl: string;
  s3: S3Config;
  stop(): Promise<void>;
}

/** Fills in whatever the configuration leaves unset with embedded services under dataDir. */
export async function startEmbedded(config: Config): Promise<EmbeddedServices> {
  const started: ChildService[] = [];
  const stop = async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const dir = path.join(config.dataDir, 'pg');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const pg = await startChildService('pglite-child.mjs', [dir, '0'], { name: 'embedded PostgreSQL (PGlite)', readyTimeoutMs: 120_000 });
      started.push(pg);
      databaseUrl = `postgres://postgres@127.0.0.1:${pg.port}/postgres?sslmode=disable`;
    }
    let s3 = config.s3;
    if (!s3) {
      const dir = path.join(config.dataDir, 's3');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const srv = await startChildService('s3rver-child.mjs', [dir, '0'], {
        name: 'embedded S3 (s3rver)',
        nodeOptions: ['--openssl-legacy-provider'],
      });
      started.push(srv);
      // s3rver's fixed development credentials; it listens on loopback only.
      s3 = { endpoint: `http://127.0.0.1:${srv.port}`, bucket: 'kura', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    }
    return { databaseUrl, s3, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
