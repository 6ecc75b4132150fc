import type { RetentionSettingsDto } from '@kura/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { TextField } from '@/components/ui/text-field';
import { fieldIssues, isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import { useFocusFirstInvalid } from '@/lib/use-focus-first-invalid';
import { useUpdateRetentionSettings } from '../api/retention';

const PERIODS = ['unflaggedDays', 'flaggedDays', 'withdrawnDays', 'packetClipDays'] as const;
type Period = (typeof PERIODS)[number];

function parseDays(value: string): number | null {
  if (!/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= 3650 ? n : null;
}

/** The retention periods, the schedule and its switch: admins edit, auditors read. */
export function RetentionSettingsForm({ settings, editable }: { settings: RetentionSettingsDto; editable: boolean }) {
  const { t } = useI18n();
  const m = t.retention.page;
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [days, setDays] = useState<Record<Period, string>>(
    () => Object.fromEntries(PERIODS.map((p) => [p, String(settings[p])])) as Record<Period, string>,
  );
  const [cron, setCron] = useState(settings.cron);
  const [enabled, setEnabled] = useState(settings.enabled);
  const [errors, setErrors] = useState<Partial<Record<Period | 'cron', string>>>({});
  const [saved, setSaved] = useState(false);
  const update = useUpdateRetentionSettings({ onSuccess: () => setSaved(true) });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const parsed = Object.fromEntries(PERIODS.map((p) => [p, parseDays(days[p])])) as Record<Period, number | null>;
    const found: Partial<Record<Period | 'cron', string>> = {};
    for (const p of PERIODS) if (parsed[p] === null) found[p] = m.daysInvalid;
    if (cron.trim().split(/\s+/).length !== 5) found.cron = m.cronInvalid;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid();
      return;
    }
    update.mutate(
      { ...(parsed as Record<Period, number>), cron: cron.trim(), enabled },
      {
        onError: (error) => {
          const issues = fieldIssues(error);
          const server: Partial<Record<Period | 'cron', string>> = {};
          if ('cron' in issues) server.cron = m.cronInvalid;
          for (const p of PERIODS) if (p in issues) server[p] = m.daysInvalid;
          if (Object.keys(server).length > 0) {
            setErrors(server);
            focusFirstInvalid();
          }
        },
      },
    );
  };

  const fieldError = update.isError && Object.keys(fieldIssues(update.error)).length > 0;
  const error = update.isError && !fieldError ? update.error : null;
  const requestId = isApiError(error) ? error.requestId : null;
  const change =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setSaved(false);
      set(v);
    };

  return (
    <form ref={formRef} className="settings-form" onSubmit={onSubmit} noValidate aria-labelledby="retention-settings-heading">
      <fieldset className="panel settings-group" disabled={!editable}>
        <legend id="retention-settings-heading" className="panel__title">
          {m.settingsTitle}
        </legend>
        <p className="panel__text">{editable ? m.settingsHelp : m.readOnly}</p>
        {PERIODS.map((p) => (
          <TextField
            key={p}
            label={m[p]}
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            step={1}
            required
            className="field--narrow"
            value={days[p]}
            error={errors[p] ?? null}
            onChange={(e) => change((v: string) => setDays((d) => ({ ...d, [p]: v })))(e.target.value)}
          />
        ))}
        <TextField
          label={m.cron}
          hint={m.cronHelp}
          required
          className="mono"
          value={cron}
          error={errors.cron ?? null}
          onChange={(e) => change(setCron)(e.target.value)}
        />
        <label className="switch">
          <input type="checkbox" role="switch" checked={enabled} onChange={(e) => change(setEnabled)(e.target.checked)} />
          <span>{m.enabled}</span>
        </label>
      </fieldset>
      {error !== null && (
        <div role="alert" className="alert alert--error">
          <p className="alert__title">{m.failed}</p>
          {requestId && <p className="alert__meta">{t.common.requestId(requestId)}</p>}
        </div>
      )}
      <div role="status">{saved && <p className="notice notice--success">{m.saved}</p>}</div>
      {editable && (
        <div>
          <button type="submit" className="button button--primary" disabled={update.isPending}>
            {update.isPending ? m.saving : m.save}
          </button>
        </div>
      )}
    </form>
  );
}
