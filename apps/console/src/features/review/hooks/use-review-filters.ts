import { conductCategories, priorityBands, reviewStatuses } from '@kura/contracts';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { useUrlFilters } from '@/lib/use-url-filters';
import type { ReviewFilters } from '../api/get-review-items';

export type ReviewFilterKey = Exclude<keyof ReviewFilters, 'cursor'>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Reads the queue's filters from the URL, dropping values the API would reject. */
export function parseReviewFilters(params: URLSearchParams): ReviewFilters {
  const filters: ReviewFilters = {};
  const status = oneOf(reviewStatuses, params.get('status'));
  if (status) filters.status = status;
  const category = oneOf(conductCategories, params.get('category'));
  if (category) filters.category = category;
  const agency = params.get('agency')?.trim();
  if (agency) filters.agency = agency.slice(0, 200);
  const creator = params.get('creator')?.trim();
  if (creator) filters.creator = creator.slice(0, 200);
  const assignee = params.get('assignee');
  if (assignee && UUID.test(assignee)) filters.assignee = assignee;
  if (params.get('mine') === 'true') filters.mine = 'true';
  const priority = oneOf(priorityBands, params.get('priority'));
  if (priority) filters.priority = priority;
  const sampled = oneOf(['true', 'false'] as const, params.get('sampled'));
  if (sampled) filters.sampled = sampled;
  const from = params.get('from');
  if (from && DATE.test(from)) filters.from = from;
  const to = params.get('to');
  if (to && DATE.test(to) && (!filters.from || filters.from <= to)) filters.to = to;
  const sort = oneOf(['oldest', 'newest'] as const, params.get('sort'));
  if (sort) filters.sort = sort;
  const cursor = params.get('cursor');
  if (cursor) filters.cursor = cursor.slice(0, 300);
  return filters;
}

/**
 * Filters, sort and page live in the URL so a reviewer can share a link to exactly this view.
 * "Clear" drops the filters but keeps the status tab and the sort, which are not filters of the view.
 */
export function useReviewFilters() {
  const [, setParams] = useSearchParams();
  const url = useUrlFilters<ReviewFilters, ReviewFilterKey, string>(parseReviewFilters, 'cursor');
  const clear = useCallback(
    () =>
      setParams((prev) => {
        const next = new URLSearchParams();
        for (const key of ['status', 'sort']) {
          const value = prev.get(key);
          if (value) next.set(key, value);
        }
        return next;
      }),
    [setParams],
  );
  return { ...url, clear };
}
