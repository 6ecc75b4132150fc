import type { MyPreferencesDto, WellbeingSettings } from '@kura/contracts';
import { useId, useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { usePreferences, useUpdatePreferences } from '../api/preferences';

type Key = keyof WellbeingSettings;
const KEYS = ['blurVideo', 'greyscale', 'muteAudio', 'blurThumbnails'] as const satisfies readonly Key[];

function withoutKey(overrides: Partial<WellbeingSettings>, key: Key): Partial<WellbeingSettings> {
  const { [key]: _dropped, ...rest } = overrides;
  return rest;
}

function PreferenceRow({
  name,
  preferences,
  onChange,
}: {
  name: Key;
  preferences: MyPreferencesDto;
  onChange: (overrides: Partial<WellbeingSettings>) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const overridden = name in preferences.overrides;
  const label = t.wellbeingOptions[name];
  const defaultState = preferences.defaults[name] ? t.onOff.on : t.onOff.off;

  // Choosing the organisation's value means following it again, so a later change of the
  // default reaches this person; choosing the other value keeps it as their own setting.
  const set = (value: boolean) =>
    onChange(value === preferences.defaults[name] ? withoutKey(preferences.overrides, name) : { ...preferences.overrides, [name]: value });

  return (
    <div className="pref-row">
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={preferences.wellbeing[name]}
          aria-describedby={`${id}-source`}
          onChange={(e) => set(e.target.checked)}
        />
        <span>{label}</span>
      </label>
      <span id={`${id}-source`} className={overridden ? 'pref-row__source pref-row__source--own' : 'pref-row__source'}>
        {overridden ? t.account.wellbeing.overridden(defaultState) : t.account.wellbeing.followsDefault(defaultState)}
      </span>
      {overridden && (
        <button
          type="button"
          className="button button--ghost"
          aria-label={t.account.wellbeing.resetLabel(label)}
          onClick={() => onChange(withoutKey(preferences.overrides, name))}
        >
          {t.account.wellbeing.reset}
        </button>
      )}
    </div>
  );
}

/** The person's own wellbeing switches, each following the organisation default or overriding it. */
export function WellbeingPreferences() {
  const { t } = useI18n();
  const preferences = usePreferences();
  const update = useUpdatePreferences();
  const [saved, setSaved] = useState(false);

  const change = (overrides: Partial<WellbeingSettings>) => {
    setSaved(false);
    update.mutate(overrides, { onSuccess: () => setSaved(true) });
  };

  return (
    <section className="panel" aria-labelledby="account-wellbeing">
      <h2 id="account-wellbeing" className="panel__title">
        {t.account.wellbeing.title}
      </h2>
      <p className="panel__text">{t.account.wellbeing.help}</p>
      {preferences.isPending ? (
        <Spinner label={t.common.loading} />
      ) : preferences.isError ? (
        <ErrorAlert title={t.account.wellbeing.loadError} error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : (
        <div className="pref-list">
          {KEYS.map((key) => (
            <PreferenceRow key={key} name={key} preferences={preferences.data} onChange={change} />
          ))}
        </div>
      )}
      {update.isError && <ErrorAlert title={t.account.wellbeing.failed} error={update.error} />}
      <div role="status" className="pref-status">
        {update.isPending ? (
          <span className="muted">{t.account.wellbeing.saving}</span>
        ) : (
          saved && <span className="muted">{t.account.wellbeing.saved}</span>
        )}
      </div>
    </section>
  );
}
