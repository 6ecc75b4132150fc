import type { CheckState, ReadinessCheck } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { pingDatabase } from '../../repositories/db/health-repo.ts';

export interface Readiness {
  ready: boolean;
  checks: Record<ReadinessCheck, CheckState>;
}

const CHECK_TIMEOUT_MS = 3000;

/**
 * Whether this process can serve: PostgreSQL answers, the bucket answers HeadBucket and the key
 * ring file can still be read and parsed (a Secret unmounted or replaced by something broken). The
 * answer names each check's state and nothing else; why one failed goes to the log only, since
 * driver messages can carry host names, users or paths.
 */
export async function checkReadiness(ctx: AppContext): Promise<Readiness> {
  const run = async (name: ReadinessCheck, check: (signal: AbortSignal) => Promise<unknown>): Promise<CheckState> => {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`));
      }, CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([check(abort.signal), timeout]);
      return 'ok';
    } catch (err) {
      ctx.logger.warn({ err, check: name }, 'readiness check failed');
      return 'unavailable';
    } finally {
      clearTimeout(timer);
    }
  };
  const [database, storage, keyring] = await Promise.all([
    run('database', () => pingDatabase(ctx.db)),
    run('storage', (signal) => ctx.store.checkBucket(signal)),
    run('keyring', () => ctx.keys.refresh()),
  ]);
  const checks = { database, storage, keyring };
  return { ready: Object.values(checks).every((s) => s === 'ok'), checks };
}
