import type { DbTx } from '@kura/db';
import { conflict } from '../../lib/errors.ts';
import { creatorAgencyId } from '../../repositories/db/packets-repo.ts';

/**
 * A packet goes only to the agency the call's creator belongs to (DESIGN.md rule 4). Its
 * recipient was fixed when it was made; approval and link creation both ask whether the creator
 * still belongs there, and refuse if not. No field anywhere names another recipient.
 */
export async function assertRecipientUnchanged(tx: DbTx, p: { creator_id: string; agency_id: string }): Promise<void> {
  if ((await creatorAgencyId(tx, p.creator_id)) !== p.agency_id) {
    throw conflict(
      'recipient_changed',
      "the call's creator has moved to another agency since this packet was made, and a packet goes only to the creator's agency: it can no longer be shared",
    );
  }
}
