import type { UpdateStaffBody } from '@kura/contracts';
import { fieldIssues, isApiError } from '@/lib/api-client';
import type { Messages } from '@/lib/i18n';

export type StaffField = 'email' | 'displayName' | 'roles' | 'password';
export type StaffFieldErrors = Partial<Record<StaffField, string>>;

/** The API's refusal of a create or edit, turned into messages at the fields it concerns. */
export function staffFieldErrors(
  error: unknown,
  t: Messages,
  { creating, passwordLength = 0 }: { creating: boolean; passwordLength?: number },
): StaffFieldErrors {
  const out: StaffFieldErrors = {};
  // Creating, the only conflict there can be is an email already in use.
  if (creating && isApiError(error) && error.status === 409) out.email = t.staffAdmin.form.emailTaken;
  for (const path of Object.keys(fieldIssues(error))) {
    const field = path.split('.')[0];
    if (field === 'email') out.email ??= t.staffAdmin.form.emailInvalid;
    else if (field === 'displayName') out.displayName ??= t.staffAdmin.form.displayNameRequired;
    else if (field === 'roles') out.roles ??= t.staffAdmin.form.rolesRequired;
    else if (field === 'password') out.password ??= t.staffAdmin.form.passwordShort(passwordLength);
  }
  return out;
}

/**
 * A 409 on an edit is the API protecting an admin from locking themselves out (their own admin
 * role or their own account); say which, in the user's language, and keep the server's words.
 */
export function selfProtectionMessage(error: unknown, body: UpdateStaffBody, t: Messages): string | null {
  if (!isApiError(error) || error.status !== 409) return null;
  return body.disabled === true ? t.staffAdmin.selfDisable : t.staffAdmin.selfAdminRole;
}
