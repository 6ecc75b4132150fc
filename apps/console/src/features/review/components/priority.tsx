import type { PriorityBand, PriorityReason } from '@kura/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n, type Messages } from '@/lib/i18n';

export function reasonText(reason: PriorityReason, t: Messages): string {
  const r = t.review.priority.reasons;
  switch (reason.code) {
    case 'category':
      return r.category(t.categories[reason.category]);
    case 'reports':
      return r.reports(reason.count);
    case 'minor':
      return r.minor;
    case 'user_history':
      return r.user_history(reason.reports, reason.violations);
    case 'creator_history':
      return r.creator_history(reason.reports, reason.violations);
    case 'sampled':
      return r.sampled;
    case 'staff_opened':
      return r.staff_opened;
  }
}

export function BandBadge({ band }: { band: PriorityBand }) {
  const { t } = useI18n();
  return <span className={`badge badge--band-${band}`}>{t.review.bands[band]}</span>;
}

/** Why an item is this urgent: one line per reason with its points, then the total. */
export function PriorityReasonsList({ reasons, score }: { reasons: PriorityReason[]; score: number }) {
  const { t } = useI18n();
  if (reasons.length === 0) return <p className="muted">{t.review.priority.noReasons}</p>;
  return (
    <dl className="reasons">
      {reasons.map((reason, index) => (
        <div key={`${reason.code}-${index}`} className="reasons__row">
          <dt>{reasonText(reason, t)}</dt>
          <dd className="num">{t.review.priority.points(reason.points)}</dd>
        </div>
      ))}
      <div className="reasons__row reasons__row--total">
        <dt>{t.review.priority.total}</dt>
        <dd className="num">{score}</dd>
      </div>
    </dl>
  );
}

interface PriorityProps {
  band: PriorityBand;
  score: number;
  reasons: PriorityReason[];
}

/**
 * The band and score as a button that discloses the reasons in a small popover. Escape or a
 * click elsewhere closes it and focus returns to the button.
 */
export function PriorityDisclosure({ band, score, reasons }: PriorityProps) {
  const { t } = useI18n();
  const id = useId();
  // Where the popover sits: fixed to the viewport, so a scrolling table cannot clip it.
  const [at, setAt] = useState<{ top: number; left: number } | null>(null);
  const open = at !== null;
  const wrapRef = useRef<HTMLSpanElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const setOpen = (next: boolean) => {
    const box = buttonRef.current?.getBoundingClientRect();
    setAt(next && box ? { top: box.bottom + 4, left: Math.max(8, Math.min(box.left, window.innerWidth - 336)) } : null);
  };

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (wrapRef.current && event.target instanceof Node && !wrapRef.current.contains(event.target)) setAt(null);
    };
    const onScroll = () => setAt(null);
    document.addEventListener('mousedown', onPointer);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onScroll);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onScroll);
    };
  }, [open]);

  return (
    <span
      ref={wrapRef}
      className="popover-anchor"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="priority-button"
        aria-expanded={open}
        aria-controls={open ? `${id}-reasons` : undefined}
        onClick={(event) => {
          event.stopPropagation();
          setOpen(!open);
        }}
      >
        <BandBadge band={band} /> <span className="priority-button__score">{score}</span>
        {/* The name starts with what is seen ("高 52"), then says what the button does. */}{' '}
        <span className="sr-only">{t.review.priority.explainSuffix}</span>
      </button>
      {at && (
        <div
          id={`${id}-reasons`}
          role="group"
          aria-label={t.review.priority.reasonsTitle}
          className="popover"
          onClick={(e) => e.stopPropagation()}
        >
          <p className="popover__title">{t.review.priority.reasonsTitle}</p>
          <PriorityReasonsList reasons={reasons} score={score} />
        </div>
      )}
    </span>
  );
}
