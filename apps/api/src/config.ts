import path from 'node:path';
import { z } from 'zod';
import { loadSignInConfig, type OidcConfig } from './config-oidc.ts';

// The only place that reads process.env (sign-in settings are parsed in config-oidc.ts from the
// environment handed over here). Unset means the embedded default.

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
  DATABASE_MIGRATION_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
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
  KURA_CHECKPOINT_MINUTES: optionalString.pipe(z.union([z.literal('off'), int(1, 24 * 60)]).optional()),
  KURA_CHECKPOINT_RETAIN_DAYS: optionalString.pipe(int(1, 36_500).optional()),
  KURA_RETENTION_SCHEDULE: optionalString.pipe(z.enum(['on', 'off']).optional()),
  KURA_PUBLIC_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/ })
      .refine((v) => {
        const u = new URL(v);
        return u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password;
      }, 'an origin like https://kura.example.com, without a path')
      .optional(),
  ),
  KURA_JOB_LEASE_SECONDS: optionalString.pipe(int(2, 24 * 3600).optional()),
  KURA_DB_POOL_SIZE: optionalString.pipe(int(1, 500).optional()),
  KURA_METRICS_PORT: optionalString.pipe(int(0, 65535).optional()),
  KURA_METRICS_HOST: optionalString,
  KURA_METRICS_TOKEN: optionalString.pipe(z.string().min(24, 'at least 24 characters').optional()),
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
  /** Unset: embedded PGlite under dataDir. The application's role (DML, and only INSERT/SELECT on audit_events). */
  databaseUrl: string | undefined;
  /** The role that owns the schema and runs migrations; unset: migrations run as databaseUrl's role. */
  databaseMigrationUrl: string | undefined;
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
  /** Connections this process keeps to a real PostgreSQL (DATABASE_URL). */
  dbPoolSize: number;
  secureCookies: boolean;
  /** Staff sign-in through OpenID Connect; undefined when not configured. */
  oidc: OidcConfig | undefined;
  /** False: email and password sign-in is refused (KURA_LOCAL_LOGIN=off); only SSO remains. */
  localLogin: boolean;
  /**
   * Where agencies reach Kura, for the share links a lead copies; unset, the origin of the lead's
   * own request is used (right unless a proxy rewrites Host).
   */
  publicUrl: string | undefined;
  /** Requests per minute one source may make with one share token (the agency's page and clips). */
  shareRequestsPerMinute: number;
  logLevel: string;
  /** Minutes between signed checkpoints of the audit chain head; null: none on a schedule. */
  checkpointMinutes: number | null;
  /** Object Lock retention of each checkpoint object, where the bucket supports it. */
  checkpointRetainDays: number;
  /**
   * How long a claimed job stays a worker's without a renewal; workers renew every third of it, so
   * this is about how soon a dead worker's job goes to another.
   */
  jobLeaseSeconds: number;
  /** Set: /metrics is served on this port (at metricsHost) and not on the main one. */
  metricsPort: number | undefined;
  metricsHost: string;
  /** Raw bearer token for /metrics on the main port; unset there, /metrics is off. Never logged. */
  metricsToken: string | undefined;
  /** Run the retention job inside the server on the cron of its settings (off: a CronJob runs it). */
  retentionSchedule: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  const signIn = loadSignInConfig(env, cwd);
  const signInProblems = 'problems' in signIn ? signIn.problems : [];
  if (!parsed.success) {
    throw new ConfigError([...parsed.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`), ...signInProblems]);
  }
  const e = parsed.data;
  const problems: string[] = [...signInProblems];
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
  if (e.DATABASE_MIGRATION_URL) {
    if (!e.DATABASE_URL) problems.push('DATABASE_MIGRATION_URL: needs DATABASE_URL (the application role) as well');
    else if (roleOf(e.DATABASE_MIGRATION_URL) === roleOf(e.DATABASE_URL)) {
      problems.push(
        'DATABASE_MIGRATION_URL: names the same role as DATABASE_URL; the application must run as a role that does not own the tables',
      );
    }
  }
  if (problems.length || 'problems' in signIn) throw new ConfigError(problems);
  const dataDir = path.resolve(cwd, e.KURA_DATA_DIR ?? 'data');
  return {
    databaseUrl: e.DATABASE_URL,
    databaseMigrationUrl: e.DATABASE_MIGRATION_URL,
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
    dbPoolSize: e.KURA_DB_POOL_SIZE ?? 20,
    secureCookies: (e.KURA_SECURE_COOKIES ?? 'off') === 'on',
    oidc: signIn.oidc,
    localLogin: signIn.localLogin,
    publicUrl: e.KURA_PUBLIC_URL ? new URL(e.KURA_PUBLIC_URL).origin : undefined,
    shareRequestsPerMinute: e.KURA_SHARE_REQUESTS_PER_MINUTE ?? 120,
    logLevel: e.LOG_LEVEL ?? 'info',
    checkpointMinutes: e.KURA_CHECKPOINT_MINUTES === 'off' ? null : (e.KURA_CHECKPOINT_MINUTES ?? 10),
    checkpointRetainDays: e.KURA_CHECKPOINT_RETAIN_DAYS ?? 1096,
    jobLeaseSeconds: e.KURA_JOB_LEASE_SECONDS ?? 120,
    metricsPort: e.KURA_METRICS_PORT,
    metricsHost: e.KURA_METRICS_HOST ?? e.HOST ?? '127.0.0.1',
    metricsToken: e.KURA_METRICS_TOKEN,
    retentionSchedule: (e.KURA_RETENTION_SCHEDULE ?? 'on') === 'on',
  };
}

// The user a PostgreSQL URL names ('' when it names none: both then log in as the same default
// user). Start-up checks the privileges the application role really has (bootstrap.ts).
function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
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
