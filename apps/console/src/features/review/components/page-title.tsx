import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The page's h1, focused when the page (or the item it shows) changes, so that a screen reader
 * announces where the person landed and Tab starts from the top of the new content.
 */
export function PageTitle({ children, focusKey }: { children: ReactNode; focusKey: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, [focusKey]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page__title">
      {children}
    </h1>
  );
}
