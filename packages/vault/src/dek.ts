import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { VaultError } from './errors.ts';
import { TAG_BYTES } from './header.ts';
import { DEK_BYTES, assertKey } from './segment.ts';

const WRAP_NONCE_BYTES = 12;
/** nonce (12) || encrypted DEK (32) || tag (16) */
export const WRAPPED_DEK_BYTES = WRAP_NONCE_BYTES + DEK_BYTES + TAG_BYTES;

/** Binds a wrapped DEK to its object, so it cannot be moved onto another object's row. */
function wrapAad(objectId: string): Buffer {
  if (typeof objectId !== 'string') throw new TypeError('objectId must be a string');
  return Buffer.from(`kura-dek-v1:${objectId}`, 'utf8');
}

export function generateDek(): Buffer {
  return randomBytes(DEK_BYTES);
}

export function wrapDek(kek: Buffer, objectId: string, dek: Buffer): Buffer {
  assertKey(kek, 'KEK');
  assertKey(dek, 'DEK');
  const nonce = randomBytes(WRAP_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(wrapAad(objectId));
  const sealed = Buffer.concat([cipher.update(dek), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]);
}

export function unwrapDek(kek: Buffer, objectId: string, wrapped: Buffer): Buffer {
  assertKey(kek, 'KEK');
  if (!Buffer.isBuffer(wrapped) || wrapped.length !== WRAPPED_DEK_BYTES) {
    throw new VaultError('bad_key', `wrapped DEK must be ${WRAPPED_DEK_BYTES} bytes`);
  }
  const tagAt = wrapped.length - TAG_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, WRAP_NONCE_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(wrapAad(objectId));
  decipher.setAuthTag(wrapped.subarray(tagAt));
  try {
    return Buffer.concat([decipher.update(wrapped.subarray(WRAP_NONCE_BYTES, tagAt)), decipher.final()]);
  } catch (cause) {
    throw new VaultError('bad_key', 'wrapped DEK does not open with this KEK for this object', { cause });
  }
}
