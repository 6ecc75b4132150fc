import { languages, useI18n } from '@/lib/i18n';

/** 日本語 / English toggle; the choice is kept in localStorage by the i18n provider. */
export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <div role="group" aria-label={t.language.label} className="segmented">
      {languages.map((code) => (
        <button key={code} type="button" lang={code} aria-pressed={lang === code} className="segmented__item" onClick={() => setLang(code)}>
          {t.language[code]}
        </button>
      ))}
    </div>
  );
}
