import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Filters and a keyset cursor kept in the URL, so a link shares exactly this view. Changing a
 * filter drops the cursor: a new filter starts again from the first page.
 */
export function useUrlFilters<F, K extends string, C extends string | number>(parse: (params: URLSearchParams) => F, cursorKey: string) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parse(params), [parse, params]);

  const setFilter = useCallback(
    (key: K, value: string) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (value.trim()) next.set(key, value.trim());
        else next.delete(key);
        next.delete(cursorKey);
        return next;
      });
    },
    [setParams, cursorKey],
  );

  const setCursor = useCallback(
    (cursor: C | null) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (cursor) next.set(cursorKey, String(cursor));
        else next.delete(cursorKey);
        return next;
      });
    },
    [setParams, cursorKey],
  );

  const clear = useCallback(() => setParams(new URLSearchParams()), [setParams]);

  return { filters, setFilter, setCursor, clear };
}
