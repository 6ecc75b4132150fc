import {
  conductCategories,
  CreateFlagBody,
  severities,
  type ConductCategory,
  type FlagDto,
  type Severity,
  type UpdateFlagBody,
} from '@kura/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Modal } from '@/components/ui/modal';
import { isApiError } from '@/lib/api-client';
import { formatDuration, formatPreciseOffset, parseOffset } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { submitOnCtrlEnter } from './form-keys';
import { categoryClause, PolicyClause } from './policy-clause';

export interface FlagDraft {
  category: ConductCategory | '';
  severity: Severity | '';
  startMs: number;
  endMs: number;
  note: string;
}

interface FlagDialogProps {
  /** The flag being edited; absent for a new flag. */
  flag?: FlagDto;
  initial: FlagDraft;
  durationMs: number | null;
  /** Resolves when saved; a rejection keeps the dialog open with the error. */
  onCreate: (body: Omit<CreateFlagBody, 'reviewItemId'>) => Promise<unknown>;
  onUpdate: (body: UpdateFlagBody) => Promise<unknown>;
  onClose: () => void;
}

type Errors = Partial<Record<'category' | 'severity' | 'start' | 'end' | 'note', string>>;

/** A flag on a time range: conduct category (its policy clause beside it), severity, range, note. */
export function FlagDialog({ flag, initial, durationMs, onCreate, onUpdate, onClose }: FlagDialogProps) {
  const { t } = useI18n();
  const f = t.review.flags;
  const id = useId();
  const [category, setCategory] = useState<ConductCategory | ''>(initial.category);
  const [severity, setSeverity] = useState<Severity | ''>(initial.severity);
  const [start, setStart] = useState(formatPreciseOffset(initial.startMs));
  const [end, setEnd] = useState(formatPreciseOffset(initial.endMs));
  const [note, setNote] = useState(initial.note);
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const validate = (): { errors: Errors; startMs: number | null; endMs: number | null } => {
    const next: Errors = {};
    const startMs = parseOffset(start);
    const endMs = parseOffset(end);
    if (!category) next.category = f.categoryMissing;
    if (!severity) next.severity = f.severityMissing;
    if (startMs === null) next.start = f.timeInvalid;
    if (endMs === null) next.end = f.timeInvalid;
    else if (startMs !== null && endMs <= startMs) next.end = f.rangeInvalid;
    else if (durationMs !== null && endMs > durationMs) next.end = f.beyondEnd(formatDuration(durationMs));
    if (category === 'other' && note.trim() === '') next.note = f.noteMissing;
    return { errors: next, startMs, endMs };
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (pending) return;
    const checked = validate();
    setErrors(checked.errors);
    const firstInvalid = (['category', 'severity', 'start', 'end', 'note'] as const).find((k) => checked.errors[k]);
    if (firstInvalid) {
      formRef.current?.querySelector<HTMLElement>(`[data-field="${firstInvalid}"]`)?.focus();
      return;
    }
    const body = {
      category: category as ConductCategory,
      severity: severity as Severity,
      startMs: checked.startMs!,
      endMs: checked.endMs!,
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setPending(true);
    setError(null);
    try {
      if (flag) {
        const changes: UpdateFlagBody = {};
        if (body.category !== flag.category) changes.category = body.category;
        if (body.severity !== flag.severity) changes.severity = body.severity;
        if (body.startMs !== flag.startMs) changes.startMs = body.startMs;
        if (body.endMs !== flag.endMs) changes.endMs = body.endMs;
        if ((body.note ?? '') !== (flag.note ?? '')) changes.note = body.note ?? '';
        if (Object.keys(changes).length > 0) await onUpdate(changes);
      } else {
        const parsed = CreateFlagBody.safeParse(body);
        if (!parsed.success) throw new Error(parsed.error.message);
        const { reviewItemId: _, ...create } = parsed.data;
        await onCreate(create);
      }
      onClose();
    } catch (e) {
      setError(e);
      setPending(false);
    }
  };

  const fieldError = (key: keyof Errors) =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="field-error">
        {errors[key]}
      </p>
    ) : null;
  const described = (key: keyof Errors, hint?: string) =>
    [errors[key] ? `${id}-${key}-error` : '', hint ?? ''].filter(Boolean).join(' ') || undefined;
  const requestId = isApiError(error) ? error.requestId : null;

  return (
    <Modal titleId={`${id}-title`} onClose={onClose}>
      <form
        ref={formRef}
        className="dialog-form"
        noValidate
        onSubmit={(e) => void submit(e)}
        onKeyDown={submitOnCtrlEnter(() => void submit())}
      >
        <h2 id={`${id}-title`} className="modal__title">
          {flag ? f.editTitle : f.createTitle}
        </h2>
        <div className="field">
          <label htmlFor={`${id}-category`}>{f.category}</label>
          <select
            id={`${id}-category`}
            data-field="category"
            required
            value={category}
            aria-invalid={!!errors.category || undefined}
            aria-describedby={described('category')}
            onChange={(e) => setCategory(e.target.value as ConductCategory | '')}
          >
            <option value="">{f.chooseCategory}</option>
            {conductCategories.map((c) => (
              <option key={c} value={c}>
                {t.categories[c]}
              </option>
            ))}
          </select>
          {fieldError('category')}
        </div>
        {category && (
          <div className="clause-box" aria-live="polite">
            <p className="clause-box__label">{f.clause}</p>
            <PolicyClause id={categoryClause(category)} />
          </div>
        )}
        <fieldset className="radio-group radio-group--inline" aria-describedby={described('severity')}>
          <legend>{f.severity}</legend>
          {severities.map((s, index) => (
            <label key={s} className={`radio radio--severity radio--${s}`}>
              <input
                type="radio"
                name={`${id}-severity`}
                value={s}
                required
                data-field={index === 0 ? 'severity' : undefined}
                checked={severity === s}
                aria-invalid={!!errors.severity || undefined}
                onChange={() => setSeverity(s)}
              />
              <span>{t.review.severities[s]}</span>
            </label>
          ))}
          {fieldError('severity')}
        </fieldset>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-start`}>{f.start}</label>
            <input
              id={`${id}-start`}
              data-field="start"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              className="input-time mono"
              value={start}
              aria-invalid={!!errors.start || undefined}
              aria-describedby={described('start', `${id}-time-hint`)}
              onChange={(e) => setStart(e.target.value)}
            />
            {fieldError('start')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-end`}>{f.end}</label>
            <input
              id={`${id}-end`}
              data-field="end"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              className="input-time mono"
              value={end}
              aria-invalid={!!errors.end || undefined}
              aria-describedby={described('end', `${id}-time-hint`)}
              onChange={(e) => setEnd(e.target.value)}
            />
            {fieldError('end')}
          </div>
          <p id={`${id}-time-hint`} className="field-hint">
            {f.timeHint}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>{category === 'other' ? f.noteRequired : f.note}</label>
          <textarea
            id={`${id}-note`}
            data-field="note"
            rows={3}
            maxLength={4000}
            required={category === 'other'}
            value={note}
            aria-invalid={!!errors.note || undefined}
            aria-describedby={described('note')}
            onChange={(e) => setNote(e.target.value)}
          />
          {fieldError('note')}
        </div>
        {error !== null && (
          <div role="alert" className="alert alert--error">
            <p className="alert__title">{f.failed}</p>
            {isApiError(error) && error.status === 400 && <p>{error.message}</p>}
            {requestId && <p className="alert__meta">{t.common.requestId(requestId)}</p>}
          </div>
        )}
        <div className="modal__actions">
          <span className="muted small">{t.review.decision.submitHint}</span>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={pending}>
            {pending ? f.submitting : flag ? f.save : f.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}
