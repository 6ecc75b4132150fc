import type { AppContext } from '../../context.ts';
import { lockRotationStart } from '../../repositories/db/dek-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext } from '../audit/events.ts';

export interface SigningKeyAdded {
  keyId: string;
  previousKeyId: string | null;
}

const STARTUP: AuditContext = { actor: { type: 'system', id: 'startup' } };

/**
 * Adds a signing key to the key ring file and makes it the active one. Takes the same lock as a
 * KEK rotation: both rewrite the whole file, and two writers at once would each drop the
 * other's new key — a signature made with a key the file no longer keeps could never be checked.
 */
async function addSigningKey(ctx: AppContext, audit: AuditContext, onlyIfMissing: boolean): Promise<SigningKeyAdded | null> {
  const added = await ctx.db.transaction().execute(async (tx) => {
    await lockRotationStart(tx);
    const current = await ctx.keys.refresh();
    if (onlyIfMissing && current.signing) return null;
    const next = current.withNewSigningKey(ctx.now());
    // Written before the audit event commits: a crash in between leaves an extra, unused key,
    // which is harmless, rather than an audited key that does not exist.
    await ctx.keys.replace(next);
    const result = { keyId: next.signing!.activeId, previousKeyId: current.signing?.activeId ?? null };
    await appendAudit(
      tx,
      audit,
      { action: 'keys.signing_key_added', subject: { type: 'keyring', id: result.keyId }, details: result },
      ctx.now(),
    );
    return result;
  });
  if (added) ctx.logger.info(added, 'signing key added to the key ring');
  return added;
}

/** A key ring written before signatures existed gains its first signing key (at start-up). */
export async function ensureSigningKey(ctx: AppContext): Promise<SigningKeyAdded | null> {
  if (ctx.keys.current().signing) return null;
  try {
    return await addSigningKey(ctx, STARTUP, true);
  } catch (err) {
    // Typically a key ring mounted read-only: say what is wanted rather than a bare EROFS.
    throw new Error(`KURA_KEYRING: ${ctx.keys.filePath} has no signing key yet and one could not be added: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** A new active signing key; every earlier one stays in the ring and stays published. */
export async function rotateSigningKey(ctx: AppContext, audit: AuditContext): Promise<SigningKeyAdded> {
  return (await addSigningKey(ctx, audit, false))!;
}
