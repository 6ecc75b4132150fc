import path from 'node:path';
import { z } from 'zod';

// The only place that reads process.env. Unset means the embedded default.

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const byteSize = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*([KMGT]i?B?|B)?$/i, 'a size like 8GiB, 500MiB or 1048576')
  .transform((v) => parseByteSize(v));

const int = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const EnvSchema = z.object({
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  S3_BUCKET: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a valid bucket name')
      .optional(),
  ),
  S3_REGION: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  KURA_KEYRING: optionalString,
  KURA_DATA_DIR: optionalString,
  PORT: optionalString.pipe(int(0, 65535).optional()),
  HOST: optionalString,
  KURA_INGEST_TOKENS: optionalString.pipe(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().min(24, 'each token must be at least 24 characters')).min(1))
      .optional(),
  ),
  KURA_MAX_UPLOAD_BYTES: optionalString.pipe(byteSize.optional()),
  KURA_GRANT_MINUTES: optionalString.pipe(int(1, 24 * 60).optional()),
  KURA_SESSION_IDLE_MINUTES: optionalString.pipe(int(1, 24 * 60).optional()),
  KURA_SESSION_MAX_HOURS: optionalString.pipe(int(1, 24 * 14).optional()),
  KURA_SAMPLE_RATE: optionalString.pipe(
    z
      .string()
      .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'a fraction between 0 and 1, like 0.02')
      .transform(Number)
      .optional(),
  ),
  KURA_CLAIM_IDLE_MINUTES: optionalString.pipe(int(1, 24 * 60).optional()),
  KURA_WORKERS: optionalString.pipe(z.enum(['on', 'off']).optional()),
  KURA_SECURE_COOKIES: optionalString.pipe(z.enum(['on', 'off']).optional()),
  KURA_PUBLIC_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/ })
      .refine((v) => {
        const u = new URL(v);
        return u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password;
      }, 'an origin like https://kura.example.com, without a path')
      .optional(),
  ),
  KURA_SHARE_REQUESTS_PER_MINUTE: optionalString.pipe(int(1, 100_000).optional()),
  LOG_LEVEL: optionalString.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
});

export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Config {
  /** Unset: embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /** Unset: embedded S3-compatible server under dataDir. */
  s3: S3Config | undefined;
  keyringPath: string;
  dataDir: string;
  host: string;
  port: number;
  /** Raw tokens from the environment; hashed on load, never logged. */
  ingestTokens: string[] | undefined;
  maxUploadBytes: number;
  grantMinutes: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Share of newly ingested calls opened for review at random (marked as sampled). */
  sampleRate: number;
  /** A claim on a review item lapses after this long without activity from its holder. */
  claimIdleMinutes: number;
  runWorkers: boolean;
  secureCookies: boolean;
  /**
   * Where agencies reach Kura, for the share links a lead copies; unset, the origin of the lead's
   * own request is used (right unless a proxy rewrites Host).
   */
  publicUrl: string | undefined;
  /** Requests per minute one source may make with one share token (the agency's page and clips). */
  shareRequestsPerMinute: number;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const s3Vars = [e.S3_ENDPOINT, e.S3_BUCKET, e.S3_ACCESS_KEY_ID, e.S3_SECRET_ACCESS_KEY];
  let s3: S3Config | undefined;
  if (s3Vars.some((v) => v !== undefined)) {
    if (!e.S3_BUCKET) problems.push('S3_BUCKET: required when any S3_* variable is set');
    if (!e.S3_ACCESS_KEY_ID) problems.push('S3_ACCESS_KEY_ID: required when any S3_* variable is set');
    if (!e.S3_SECRET_ACCESS_KEY) problems.push('S3_SECRET_ACCESS_KEY: required when any S3_* variable is set');
    if (e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY) {
      s3 = {
        // Without an endpoint the AWS default applies.
        endpoint: e.S3_ENDPOINT ?? `https://s3.${e.S3_REGION ?? 'us-east-1'}.amazonaws.com`,
        bucket: e.S3_BUCKET,
        region: e.S3_REGION ?? 'us-east-1',
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      };
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const dataDir = path.resolve(cwd, e.KURA_DATA_DIR ?? 'data');
  return {
    databaseUrl: e.DATABASE_URL,
    s3,
    keyringPath: path.resolve(cwd, e.KURA_KEYRING ?? path.join(dataDir, 'keyring.json')),
    dataDir,
    host: e.HOST ?? '127.0.0.1',
    port: e.PORT ?? 8080,
    ingestTokens: e.KURA_INGEST_TOKENS,
    maxUploadBytes: e.KURA_MAX_UPLOAD_BYTES ?? 8 * 1024 ** 3,
    grantMinutes: e.KURA_GRANT_MINUTES ?? 30,
    sessionIdleMinutes: e.KURA_SESSION_IDLE_MINUTES ?? 30,
    sessionMaxHours: e.KURA_SESSION_MAX_HOURS ?? 12,
    sampleRate: e.KURA_SAMPLE_RATE ?? 0.02,
    claimIdleMinutes: e.KURA_CLAIM_IDLE_MINUTES ?? 30,
    runWorkers: (e.KURA_WORKERS ?? 'on') === 'on',
    secureCookies: (e.KURA_SECURE_COOKIES ?? 'off') === 'on',
    publicUrl: e.KURA_PUBLIC_URL ? new URL(e.KURA_PUBLIC_URL).origin : undefined,
    shareRequestsPerMinute: e.KURA_SHARE_REQUESTS_PER_MINUTE ?? 120,
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

const UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  K: 1e3,
  KB: 1e3,
  KIB: 1024,
  M: 1e6,
  MB: 1e6,
  MIB: 1024 ** 2,
  G: 1e9,
  GB: 1e9,
  GIB: 1024 ** 3,
  T: 1e12,
  TB: 1e12,
  TIB: 1024 ** 4,
};

export function parseByteSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(v.trim());
  const unit = UNITS[(m?.[2] ?? '').toUpperCase()];
  if (!m || unit === undefined) throw new Error(`not a size: ${v}`);
  return Math.floor(Number(m[1]) * unit);
}
