import type { DbOrTx } from '@kura/db';

export interface OidcSignInRow {
  bindingHash: string;
  state: string;
  nonce: string;
  returnTo: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertOidcSignIn(db: DbOrTx, row: OidcSignInRow): Promise<void> {
  await db
    .insertInto('oidc_sign_ins')
    .values({
      binding_hash: row.bindingHash,
      state: row.state,
      nonce: row.nonce,
      return_to: row.returnTo,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** Reads and deletes in one statement: a sign-in can be completed at most once, even in a race. */
export async function takeOidcSignIn(db: DbOrTx, bindingHash: string): Promise<OidcSignInRow | undefined> {
  const row = await db.deleteFrom('oidc_sign_ins').where('binding_hash', '=', bindingHash).returningAll().executeTakeFirst();
  return (
    row && {
      bindingHash: row.binding_hash,
      state: row.state,
      nonce: row.nonce,
      returnTo: row.return_to,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    }
  );
}

export async function deleteExpiredOidcSignIns(db: DbOrTx, now: Date): Promise<void> {
  await db.deleteFrom('oidc_sign_ins').where('expires_at', '<=', now).execute();
}
