import { useEffect, useRef, type ReactNode } from 'react';

/** The page's h1; it takes focus when it appears, as each step of this page is a new "page". */
export function Heading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="share-title">
      {children}
    </h1>
  );
}
