/**
 * A key cap beside a button's label. Hidden from assistive technology: the control carries
 * `aria-keyshortcuts`, and the name stays the plain label.
 */
export function Kbd({ children, onPrimary = false }: { children: string; onPrimary?: boolean }) {
  return (
    <kbd className={onPrimary ? 'kbd kbd--on-primary' : 'kbd'} aria-hidden="true">
      {children}
    </kbd>
  );
}
