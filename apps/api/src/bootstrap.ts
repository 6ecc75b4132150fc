import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { auditRoleProblems, createDb, currentRole, grantAppRole, migrateToLatest, type Db } from '@kura/db';
import type { Config, S3Config } from './config.ts';
import type { AppContext } from './context.ts';
import { startEmbedded, type EmbeddedServices } from './embedded/embedded.ts';
import { createLogger, type Logger } from './logger.ts';
import { KeyRingFile } from './repositories/keyring-file.ts';
import { ObjectStore } from './repositories/object-store.ts';
import { ServiceTokens } from './lib/service-tokens.ts';
import { ensureSigningKey } from './services/signing/signing-keys.ts';

export interface Booted {
  ctx: AppContext;
  embedded: EmbeddedServices | null;
  /** The demo ingest token, when Kura made one for the embedded setup. */
  demoIngestToken: string | null;
  keyringCreated: boolean;
  migrations: string[];
  shutdown(): Promise<void>;
}

export interface ContextParts {
  config: Config;
  databaseUrl: string;
  /** The owner role's URL: migrations run as it, and it grants databaseUrl's role what the app needs. */
  migrationUrl?: string;
  s3: S3Config;
  ingestTokens: string[];
  logger: Logger;
  now?: () => Date;
  createKeyring: boolean;
  /** PGlite's socket server mixes up interleaved statements from concurrent connections. */
  poolSize?: number;
}

/** Connects to PostgreSQL and S3, migrates, opens the key ring: what every entry point needs. */
export async function buildContext(parts: ContextParts): Promise<{ ctx: AppContext; keyringCreated: boolean; migrations: string[] }> {
  const db = createDb(parts.databaseUrl, parts.poolSize ?? 10, (err) =>
    parts.logger.warn({ err: err.message }, 'the database closed a connection; queries on it fail, the next ones open a new one'),
  );
  try {
    const migrations = parts.migrationUrl ? await migrateAsOwner(parts.migrationUrl, db) : await migrateToLatest(db);
    const store = ObjectStore.fromConfig(parts.s3);
    await store.ensureBucket();
    const { file: keys, created } = await KeyRingFile.open(parts.config.keyringPath, { create: parts.createKeyring });
    const ctx: AppContext = {
      config: parts.config,
      db,
      store,
      keys,
      logger: parts.logger,
      serviceTokens: new ServiceTokens(parts.ingestTokens),
      now: parts.now ?? (() => new Date()),
    };
    await ensureSigningKey(ctx);
    return { ctx, keyringCreated: created, migrations };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/**
 * Migrates with the owner's connection, grants the application's role its privileges, then checks
 * from the application's own connection that it cannot rewrite the audit chain: a deployment that
 * asked for two roles and did not get the separation stops here rather than run without it.
 */
async function migrateAsOwner(migrationUrl: string, app: Db): Promise<string[]> {
  const owner = createDb(migrationUrl, 1);
  let migrations: string[];
  try {
    migrations = await migrateToLatest(owner);
    const [appRole, ownerRole] = [await currentRole(app), await currentRole(owner)];
    if (appRole === ownerRole) {
      throw new Error(`DATABASE_MIGRATION_URL and DATABASE_URL both log in as "${appRole}"; the application needs a role of its own`);
    }
    await grantAppRole(owner, appRole);
  } finally {
    await owner.destroy();
  }
  const problems = await auditRoleProblems(app);
  if (problems.length) {
    throw new Error(`DATABASE_URL: the application's role could rewrite the audit chain: ${problems.join('; ')} (see infra/README.md)`);
  }
  return migrations;
}

/** Starts from configuration alone: embedded services for whatever is unset. */
export async function boot(config: Config, logger = createLogger(config.logLevel)): Promise<Booted> {
  const embeddedNeeded = !config.databaseUrl || !config.s3;
  const embedded = embeddedNeeded ? await startEmbedded(config) : null;
  try {
    let demoIngestToken: string | null = null;
    let tokens = config.ingestTokens;
    if (!tokens) {
      demoIngestToken = await localIngestToken(config.dataDir);
      tokens = [demoIngestToken];
    }
    const { ctx, keyringCreated, migrations } = await buildContext({
      config,
      databaseUrl: config.databaseUrl ?? embedded!.databaseUrl,
      migrationUrl: config.databaseMigrationUrl,
      s3: config.s3 ?? embedded!.s3,
      ingestTokens: tokens,
      logger,
      // An explicitly configured key ring must exist; the default one is created on first start.
      createKeyring: config.keyringPath === path.join(config.dataDir, 'keyring.json'),
      // Embedded PGlite: one connection per process; its socket server is not safe with more.
      poolSize: config.databaseUrl ? config.dbPoolSize : 1,
    });
    if (config.databaseUrl && !config.databaseMigrationUrl) {
      // One role for everything works, but it can quietly rewrite the chain: say so once, at start.
      const problems = await auditRoleProblems(ctx.db);
      if (problems.length) {
        logger.warn(
          { problems },
          'the database role can rewrite the audit chain; set DATABASE_MIGRATION_URL to an owner role and DATABASE_URL to an INSERT/SELECT-only one (infra/README.md)',
        );
      }
    }
    return {
      ctx,
      embedded,
      demoIngestToken,
      keyringCreated,
      migrations,
      shutdown: async () => {
        await ctx.db.destroy();
        ctx.store.destroy();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

// Local development only (KURA_INGEST_TOKENS unset): a random token kept in the data folder,
// mode 0600, so the same token works across restarts.
async function localIngestToken(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'ingest-token');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const token = `kura_ingest_${randomBytes(24).toString('base64url')}`;
    const fh = await open(file, 'wx', 0o600);
    await fh.writeFile(`${token}\n`);
    await fh.close();
    return token;
  }
}
