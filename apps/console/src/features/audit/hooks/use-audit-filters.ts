import { auditActions, type AuditAction } from '@kura/contracts';
import { useUrlFilters } from '@/lib/use-url-filters';
import type { AuditFilters } from '../api/get-audit-events';

export type AuditFilterKey = Exclude<keyof AuditFilters, 'before'>;

function isAction(value: string | null): value is AuditAction {
  return value !== null && (auditActions as readonly string[]).includes(value);
}

/** Reads the audit filters from the URL, dropping values the API would reject. */
export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  const action = params.get('action');
  if (isAction(action)) filters.action = action;
  const subject = params.get('subject')?.trim();
  if (subject) filters.subject = subject.slice(0, 200);
  const before = params.get('before');
  if (before && /^\d+$/.test(before) && Number(before) > 0 && Number.isSafeInteger(Number(before))) {
    filters.before = Number(before);
  }
  return filters;
}

/** Filters and cursor live in the URL, so an auditor can share a link to exactly these events. */
export function useAuditFilters() {
  const { setCursor, ...rest } = useUrlFilters<AuditFilters, AuditFilterKey, number>(parseAuditFilters, 'before');
  return { ...rest, setBefore: setCursor };
}

/** The URL search string for a view of the audit log, e.g. a link straight to one seq. */
export function auditSearch(filters: AuditFilters): string {
  const params = new URLSearchParams();
  if (filters.action) params.set('action', filters.action);
  if (filters.subject) params.set('subject', filters.subject);
  if (filters.before) params.set('before', String(filters.before));
  const search = params.toString();
  return search ? `?${search}` : '';
}
