import { auditActions, type AuditAction } from '@kura/contracts';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
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
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseAuditFilters(params), [params]);

  const setFilter = useCallback(
    (key: AuditFilterKey, value: string) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (value.trim()) next.set(key, value.trim());
        else next.delete(key);
        next.delete('before'); // a new filter starts again from the newest event
        return next;
      });
    },
    [setParams],
  );

  const setBefore = useCallback(
    (before: number | null) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (before) next.set('before', String(before));
        else next.delete('before');
        return next;
      });
    },
    [setParams],
  );

  const clear = useCallback(() => setParams(new URLSearchParams()), [setParams]);

  return { filters, setFilter, setBefore, clear };
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
