import {
  conductClauses,
  decisionOutcomes,
  leadOnlyOutcomes,
  MAX_SUSPEND_DAYS,
  outcomesNeedingFlags,
  type DecisionBody,
  type DecisionOutcome,
  type FlagDto,
} from '@kura/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Modal } from '@/components/ui/modal';
import { isApiError } from '@/lib/api-client';
import { formatPreciseOffset } from '@/lib/format';
import { useI18n, type Messages } from '@/lib/i18n';
import { submitOnCtrlEnter } from './form-keys';
import { PolicyClause } from './policy-clause';

function decisionErrorMessage(error: unknown, t: Messages): string {
  if (isApiError(error)) {
    if (error.status === 409) return t.review.decision.conflict;
    if (error.status === 403) return t.review.claim.forbidden;
    if (error.code === 'network_error') return t.common.networkError;
  }
  return t.review.decision.failed;
}

interface DecisionDialogProps {
  /** The flags a decision may cite: the recording's, not retracted. */
  flags: FlagDto[];
  lead: boolean;
  /** Resolves when recorded; a rejection keeps the dialog open with the error. */
  onSubmit: (body: DecisionBody) => Promise<unknown>;
  onClose: () => void;
}

type Errors = Partial<Record<'outcome' | 'flags' | 'suspendDays' | 'rationale', string>>;

/**
 * Outcome, rationale, the flags it rests on (and so the policy clauses it cites). Suspending and
 * banning are shown to moderators but disabled, with why and what to do instead.
 */
export function DecisionDialog({ flags, lead, onSubmit, onClose }: DecisionDialogProps) {
  const { t } = useI18n();
  const d = t.review.decision;
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [outcome, setOutcome] = useState<DecisionOutcome | null>(null);
  const [rationale, setRationale] = useState('');
  // Every active flag starts cited: they are usually this review's own findings.
  const [cited, setCited] = useState<ReadonlySet<string>>(() => new Set(flags.map((f) => f.id)));
  const [days, setDays] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const citedFlags = flags.filter((f) => cited.has(f.id));
  const clauses = [...new Set(citedFlags.map((f) => conductClauses[f.category]))];

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (pending) return;
    const next: Errors = {};
    if (!outcome) next.outcome = d.outcomeMissing;
    if (outcome && outcomesNeedingFlags.includes(outcome) && citedFlags.length === 0) next.flags = d.flagsMissing;
    const suspendDays = Number(days);
    if (outcome === 'suspend_user' && !(Number.isInteger(suspendDays) && suspendDays >= 1 && suspendDays <= MAX_SUSPEND_DAYS)) {
      next.suspendDays = d.suspendDaysMissing(MAX_SUSPEND_DAYS);
    }
    if (rationale.trim() === '') next.rationale = d.rationaleMissing;
    setErrors(next);
    const first = (['outcome', 'suspendDays', 'flags', 'rationale'] as const).find((k) => next[k]);
    if (first || !outcome) {
      formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    const body: DecisionBody = {
      outcome,
      rationale: rationale.trim(),
      flagIds: citedFlags.map((f) => f.id),
      ...(outcome === 'suspend_user' ? { suspendDays } : {}),
    };
    setPending(true);
    setError(null);
    try {
      await onSubmit(body);
      onClose();
    } catch (e) {
      setError(e);
      setPending(false);
    }
  };

  const toggle = (flagId: string) =>
    setCited((prev) => {
      const next = new Set(prev);
      if (next.has(flagId)) next.delete(flagId);
      else next.add(flagId);
      return next;
    });
  const errorFor = (key: keyof Errors) =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="field-error">
        {errors[key]}
      </p>
    ) : null;
  const firstEnabled = decisionOutcomes.find((o) => lead || !leadOnlyOutcomes.includes(o));

  return (
    <Modal titleId={`${id}-title`} onClose={onClose}>
      <form
        ref={formRef}
        className="dialog-form dialog-form--wide"
        noValidate
        onSubmit={(e) => void submit(e)}
        onKeyDown={submitOnCtrlEnter(() => void submit())}
      >
        <h2 id={`${id}-title`} className="modal__title">
          {d.formTitle}
        </h2>
        <fieldset
          className="radio-group"
          aria-describedby={
            [errors.outcome ? `${id}-outcome-error` : '', !lead ? `${id}-lead-only` : ''].filter(Boolean).join(' ') || undefined
          }
        >
          <legend>{d.outcome}</legend>
          {decisionOutcomes.map((o) => {
            const locked = !lead && leadOnlyOutcomes.includes(o);
            return (
              <label key={o} className={`radio radio--outcome${locked ? ' is-disabled' : ''}`}>
                <input
                  type="radio"
                  name={`${id}-outcome`}
                  value={o}
                  required
                  disabled={locked}
                  data-field={o === firstEnabled ? 'outcome' : undefined}
                  checked={outcome === o}
                  aria-invalid={!!errors.outcome || undefined}
                  onChange={() => setOutcome(o)}
                />
                <span>{t.review.outcomes[o]}</span>
                {leadOnlyOutcomes.includes(o) && <span className="badge badge--lead-only">{d.leadOnly}</span>}
              </label>
            );
          })}
          {!lead && (
            <p id={`${id}-lead-only`} className="field-hint">
              {d.leadOnlyExplain}
            </p>
          )}
          {errorFor('outcome')}
        </fieldset>
        {outcome && <p className="outcome-hint">{t.review.outcomeHints[outcome]}</p>}
        {outcome === 'suspend_user' && (
          <div className="field field--narrow">
            <label htmlFor={`${id}-days`}>{d.suspendDays}</label>
            <input
              id={`${id}-days`}
              data-field="suspendDays"
              type="number"
              min={1}
              max={MAX_SUSPEND_DAYS}
              step={1}
              required
              value={days}
              aria-invalid={!!errors.suspendDays || undefined}
              aria-describedby={errors.suspendDays ? `${id}-suspendDays-error` : undefined}
              onChange={(e) => setDays(e.target.value)}
            />
            {errorFor('suspendDays')}
          </div>
        )}
        <fieldset className="check-group" aria-describedby={errors.flags ? `${id}-flags-error` : undefined}>
          <legend>{d.flags}</legend>
          {flags.length === 0 && <p className="muted">{d.noFlags}</p>}
          {flags.map((flag, index) => (
            <label key={flag.id} className="check">
              <input
                type="checkbox"
                data-field={index === 0 ? 'flags' : undefined}
                checked={cited.has(flag.id)}
                onChange={() => toggle(flag.id)}
              />
              <span>
                {d.flagOption(
                  t.categories[flag.category],
                  t.review.severities[flag.severity],
                  formatPreciseOffset(flag.startMs),
                  formatPreciseOffset(flag.endMs),
                )}
              </span>
            </label>
          ))}
          {errorFor('flags')}
        </fieldset>
        {clauses.length > 0 && (
          <div className="clause-box">
            <p className="clause-box__label">{d.clauses}</p>
            {clauses.map((clause) => (
              <PolicyClause key={clause} id={clause} />
            ))}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-rationale`}>{d.rationale}</label>
          <textarea
            id={`${id}-rationale`}
            data-field="rationale"
            rows={4}
            maxLength={4000}
            required
            value={rationale}
            aria-invalid={!!errors.rationale || undefined}
            aria-describedby={[errors.rationale ? `${id}-rationale-error` : '', `${id}-rationale-hint`].filter(Boolean).join(' ')}
            onChange={(e) => setRationale(e.target.value)}
          />
          <p id={`${id}-rationale-hint`} className="field-hint">
            {d.rationaleHint}
          </p>
          {errorFor('rationale')}
        </div>
        {error !== null && (
          <div role="alert" className="alert alert--error">
            <p className="alert__title">{decisionErrorMessage(error, t)}</p>
            {isApiError(error) && error.requestId && <p className="alert__meta">{t.common.requestId(error.requestId)}</p>}
          </div>
        )}
        <div className="modal__actions">
          <span className="muted small">{d.submitHint}</span>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={pending}>
            {pending ? d.submitting : d.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}
