import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';

/**
 * The page's h1. After a client-side navigation it takes focus, as a page load would put a
 * screen reader at the top of the new page; on the page the browser first loaded (location key
 * "default") focus stays where the browser put it. Changes of the query string alone (filters,
 * paging) keep focus where the user is working.
 */
export function PageHeading({ children, className = 'page__title' }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { pathname, key } = useLocation();
  const navigated = key !== 'default';
  useEffect(() => {
    if (navigated) ref.current?.focus();
  }, [pathname]); // not `key`: a new query string alone is not a new page
  return (
    <h1 ref={ref} tabIndex={-1} className={className}>
      {children}
    </h1>
  );
}
