import { isApiError } from '@/lib/api-client';
import type { Messages } from '@/lib/i18n';

/** A refused packet action in words: the API's code when we know it, else a plain failure. */
export function actionErrorMessage(error: unknown, t: Messages, fallback: string): string {
  const e = t.packets.approval.errors;
  if (!isApiError(error)) return fallback;
  if (error.code === 'network_error') return t.common.networkError;
  if (error.code === 'minor_confirmation_required') return e.minor_confirmation_required;
  if (error.code === 'recipient_changed') return e.recipient_changed;
  if (error.code === 'already_shared') return e.already_shared;
  if (error.code === 'own_packet' || error.code === 'author_cannot_approve') return e.own_packet;
  if (error.status === 403) return e.forbidden;
  if (error.status === 409) return e.conflict;
  return fallback;
}
