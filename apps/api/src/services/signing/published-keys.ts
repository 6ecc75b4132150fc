import type { PublishedSigningKeys } from '@kura/contracts';
import type { AppContext } from '../../context.ts';

/** Every signing public key the key ring has ever held, for GET /.well-known/kura-signing-keys.json. */
export async function publishedSigningKeys(ctx: AppContext): Promise<PublishedSigningKeys> {
  // Re-read so that a rotation by `pnpm kura` in another process is published at once.
  const ring = await ctx.keys.refresh();
  if (!ring.signing) throw new Error('the key ring has no signing keys; start-up adds one');
  return { keys: ring.signing.publicKeys() };
}
