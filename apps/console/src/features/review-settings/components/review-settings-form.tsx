import { type ReviewSettingsDto, type WellbeingSettings } from '@kura/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { TextField } from '@/components/ui/text-field';
import { fieldIssues, isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import { useFocusFirstInvalid } from '@/lib/use-focus-first-invalid';
import { useUpdateReviewSettings } from '../api/review-settings';

const WELLBEING_KEYS = ['blurVideo', 'greyscale', 'muteAudio', 'blurThumbnails'] as const satisfies readonly (keyof WellbeingSettings)[];
const MIN_MINUTES = 10;
const MAX_MINUTES = 24 * 60;

function parseMinutes(value: string): number | null {
  if (!/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= MIN_MINUTES && n <= MAX_MINUTES ? n : null;
}

/** The organisation's wellbeing defaults and the daily break threshold (admins). */
export function ReviewSettingsForm({ settings }: { settings: ReviewSettingsDto }) {
  const { t } = useI18n();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [wellbeing, setWellbeing] = useState<WellbeingSettings>(settings.wellbeingDefaults);
  const [minutes, setMinutes] = useState(String(settings.breakThresholdMinutes));
  const [minutesError, setMinutesError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const update = useUpdateReviewSettings({ onSuccess: () => setSaved(true) });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const breakThresholdMinutes = parseMinutes(minutes);
    if (breakThresholdMinutes === null) {
      setMinutesError(t.reviewSettings.breakInvalid);
      focusFirstInvalid();
      return;
    }
    setMinutesError(null);
    update.mutate(
      { wellbeingDefaults: wellbeing, breakThresholdMinutes },
      {
        onError: (error) => {
          if (!('breakThresholdMinutes' in fieldIssues(error))) return;
          setMinutesError(t.reviewSettings.breakInvalid);
          focusFirstInvalid();
        },
      },
    );
  };

  // A refusal of the minutes is shown at the field; anything else above the save button.
  const error = update.isError && !('breakThresholdMinutes' in fieldIssues(update.error)) ? update.error : null;
  const requestId = isApiError(error) ? error.requestId : null;

  return (
    <form ref={formRef} className="settings-form" onSubmit={onSubmit} noValidate>
      <fieldset className="panel settings-group">
        <legend className="panel__title">{t.reviewSettings.wellbeingTitle}</legend>
        <p className="panel__text">{t.reviewSettings.wellbeingHelp}</p>
        {WELLBEING_KEYS.map((key) => (
          <label key={key} className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={wellbeing[key]}
              onChange={(e) => {
                setSaved(false);
                setWellbeing((w) => ({ ...w, [key]: e.target.checked }));
              }}
            />
            <span>{t.wellbeingOptions[key]}</span>
          </label>
        ))}
      </fieldset>

      <fieldset className="panel settings-group">
        <legend className="panel__title">{t.reviewSettings.breakTitle}</legend>
        <TextField
          label={t.reviewSettings.breakMinutes}
          type="number"
          inputMode="numeric"
          min={MIN_MINUTES}
          max={MAX_MINUTES}
          step={1}
          required
          className="field--narrow"
          value={minutes}
          error={minutesError}
          hint={t.reviewSettings.breakHelp}
          onChange={(e) => {
            setSaved(false);
            setMinutes(e.target.value);
          }}
        />
      </fieldset>

      {error !== null && (
        <div role="alert" className="alert alert--error">
          <p className="alert__title">{t.reviewSettings.failed}</p>
          {requestId && <p className="alert__meta">{t.common.requestId(requestId)}</p>}
        </div>
      )}
      <div role="status">{saved && <p className="notice notice--success">{t.reviewSettings.saved}</p>}</div>
      <div>
        <button type="submit" className="button button--primary" disabled={update.isPending}>
          {update.isPending ? t.reviewSettings.saving : t.reviewSettings.save}
        </button>
      </div>
    </form>
  );
}
