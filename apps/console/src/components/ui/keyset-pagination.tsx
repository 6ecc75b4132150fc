interface KeysetPaginationProps {
  label: string;
  firstLabel: string;
  nextLabel: string;
  /** null when already at the start. */
  onFirst: (() => void) | null;
  /** null when the server gave no cursor (no more pages). */
  onNext: (() => void) | null;
}

/** Keyset paging: forward with the server's cursor, or back to the start (no page numbers). */
export function KeysetPagination({ label, firstLabel, nextLabel, onFirst, onNext }: KeysetPaginationProps) {
  if (!onFirst && !onNext) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" className="button button--secondary" disabled={!onFirst} onClick={onFirst ?? undefined}>
        {firstLabel}
      </button>
      <button type="button" className="button button--secondary" disabled={!onNext} onClick={onNext ?? undefined}>
        {nextLabel}
      </button>
    </nav>
  );
}
