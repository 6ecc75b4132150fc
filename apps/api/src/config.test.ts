import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseByteSize } from './config.ts';

describe('loadConfig', () => {
  it('falls back to the embedded defaults when nothing is set', () => {
    const c = loadConfig({}, '/srv/kura');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.s3).toBeUndefined();
    expect(c.dataDir).toBe('/srv/kura/data');
    expect(c.keyringPath).toBe('/srv/kura/data/keyring.json');
    expect(c.port).toBe(8080);
    expect(c.maxUploadBytes).toBe(8 * 1024 ** 3);
    expect(c.grantMinutes).toBe(30);
    expect(c.ingestTokens).toBeUndefined();
  });

  it('reads real services and tokens', () => {
    const c = loadConfig(
      {
        DATABASE_URL: 'postgres://kura@db:5432/kura',
        S3_ENDPOINT: 'http://minio:9000',
        S3_BUCKET: 'kura-media',
        S3_ACCESS_KEY_ID: 'ak',
        S3_SECRET_ACCESS_KEY: 'sk',
        KURA_INGEST_TOKENS: 'token-aaaaaaaaaaaaaaaaaaaaaaaa, sha256:' + 'ab'.repeat(32),
        KURA_MAX_UPLOAD_BYTES: '500MiB',
        PORT: '9000',
      },
      '/',
    );
    expect(c.databaseUrl).toBe('postgres://kura@db:5432/kura');
    expect(c.s3).toEqual({
      endpoint: 'http://minio:9000',
      bucket: 'kura-media',
      region: 'us-east-1',
      accessKeyId: 'ak',
      secretAccessKey: 'sk',
    });
    expect(c.ingestTokens).toHaveLength(2);
    expect(c.maxUploadBytes).toBe(500 * 1024 ** 2);
    expect(c.port).toBe(9000);
  });

  it.each([
    ['DATABASE_URL', 'mysql://x'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['KURA_MAX_UPLOAD_BYTES', 'lots'],
    ['KURA_INGEST_TOKENS', 'short'],
    ['KURA_GRANT_MINUTES', '0'],
    ['S3_BUCKET', 'Not_A_Bucket'],
    ['KURA_WORKERS', 'maybe'],
    ['KURA_PUBLIC_URL', 'ftp://kura.example.com'],
    ['KURA_PUBLIC_URL', 'https://kura.example.com/console'],
    ['KURA_SHARE_REQUESTS_PER_MINUTE', '0'],
  ])('a bad %s stops start-up with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect((err as ConfigError).message).toContain(name);
    }
  });

  it('names every missing S3 variable when only some are set', () => {
    try {
      loadConfig({ S3_ENDPOINT: 'http://minio:9000' });
      expect.unreachable();
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('S3_BUCKET');
      expect(problems).toContain('S3_ACCESS_KEY_ID');
      expect(problems).toContain('S3_SECRET_ACCESS_KEY');
    }
  });

  it('migrates as DATABASE_MIGRATION_URL when set, and runs as DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://kura@db/kura' }).databaseMigrationUrl).toBeUndefined();
    const c = loadConfig({ DATABASE_URL: 'postgres://kura_app@pgbouncer/kura', DATABASE_MIGRATION_URL: 'postgres://kura_owner@db/kura' });
    expect(c.databaseUrl).toBe('postgres://kura_app@pgbouncer/kura');
    expect(c.databaseMigrationUrl).toBe('postgres://kura_owner@db/kura');
  });

  it.each([
    [{ DATABASE_MIGRATION_URL: 'postgres://kura_owner@db/kura' }, 'DATABASE_MIGRATION_URL: needs DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://kura@db/kura', DATABASE_MIGRATION_URL: 'postgres://kura@other/kura' }, 'names the same role'],
    [{ DATABASE_URL: 'postgres://db/kura', DATABASE_MIGRATION_URL: 'postgres://db/kura' }, 'names the same role'],
    [{ DATABASE_URL: 'postgres://kura@db/kura', DATABASE_MIGRATION_URL: 'mysql://root@db/kura' }, 'DATABASE_MIGRATION_URL'],
  ])('refuses a migration role that cannot keep the roles apart: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('schedules checkpoints every 10 minutes with three years of retention unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ checkpointMinutes: 10, checkpointRetainDays: 1096 });
    expect(loadConfig({ KURA_CHECKPOINT_MINUTES: '5', KURA_CHECKPOINT_RETAIN_DAYS: '3650' })).toMatchObject({
      checkpointMinutes: 5,
      checkpointRetainDays: 3650,
    });
    expect(loadConfig({ KURA_CHECKPOINT_MINUTES: 'off' }).checkpointMinutes).toBeNull();
    for (const bad of ['0', 'never', '1441']) expect(() => loadConfig({ KURA_CHECKPOINT_MINUTES: bad })).toThrow('KURA_CHECKPOINT_MINUTES');
    expect(() => loadConfig({ KURA_CHECKPOINT_RETAIN_DAYS: '0' })).toThrow('KURA_CHECKPOINT_RETAIN_DAYS');
  });

  it('reads the public origin for share links and the agency request limit', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({}).shareRequestsPerMinute).toBe(120);
    const c = loadConfig({ KURA_PUBLIC_URL: 'https://kura.example.com/', KURA_SHARE_REQUESTS_PER_MINUTE: '30' });
    expect(c.publicUrl).toBe('https://kura.example.com');
    expect(c.shareRequestsPerMinute).toBe(30);
  });

  it('parses byte sizes', () => {
    expect(parseByteSize('8GiB')).toBe(8 * 1024 ** 3);
    expect(parseByteSize('1048576')).toBe(1048576);
    expect(parseByteSize('2 MB')).toBe(2_000_000);
  });
});
