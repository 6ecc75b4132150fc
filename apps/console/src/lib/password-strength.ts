/** The API's rule for new passwords (packages/contracts staff-admin.ts); checked there again. */
export const MIN_PASSWORD_LENGTH = 12;

export type PasswordStrength = { level: 'empty' } | { level: 'too_short'; missing: number } | { level: 'fair' } | { level: 'strong' };

function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

/**
 * A hint, not a gate: the only hard rule is the length the API enforces. Length counts as the
 * API counts it (UTF-16 units). Long passphrases are "strong"; a 12-character string is "strong"
 * only with several kinds of characters and little repetition.
 */
export function passwordStrength(password: string): PasswordStrength {
  if (password.length === 0) return { level: 'empty' };
  if (password.length < MIN_PASSWORD_LENGTH) return { level: 'too_short', missing: MIN_PASSWORD_LENGTH - password.length };
  const distinct = new Set(password).size;
  if (distinct < 6) return { level: 'fair' };
  if (password.length >= 16 || characterClasses(password) >= 3) return { level: 'strong' };
  return { level: 'fair' };
}
