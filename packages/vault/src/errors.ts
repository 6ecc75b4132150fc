export type VaultErrorCode =
  'bad_header' | 'auth_failed' | 'truncated' | 'trailing_data' | 'bad_range' | 'bad_key' | 'unknown_kek' | 'bad_json' | 'no_signing_key';

/**
 * The one error type the vault throws, so callers can map failures to responses by `code`
 * without parsing messages. Messages never contain key material or plaintext.
 */
export class VaultError extends Error {
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VaultError';
    this.code = code;
  }
}
