import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * On moving to another page, puts focus on its h1 (or the main region while the page has none
 * yet), so keyboard and screen-reader users start at the new content instead of a stale link.
 * Filters and pages of a list change only the query string and keep focus where it is.
 */
export function RouteFocus({ mainId = 'main' }: { mainId?: string }) {
  const { pathname } = useLocation();
  const previous = useRef(pathname);

  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const main = document.getElementById(mainId);
    const heading = main?.querySelector<HTMLElement>('h1') ?? null;
    if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    (heading ?? main)?.focus();
  }, [pathname, mainId]);

  return null;
}
