import { useShareI18n } from '../i18n';
import { languageNames, shareLanguages } from '../messages';

export function ShareHeader() {
  const { t, lang, setLang } = useShareI18n();
  return (
    <header className="share-header">
      <span className="share-brand">{t.appName}</span>
      <span className="share-header__title">{t.pageTitle}</span>
      <div role="group" aria-label={t.language} className="share-segmented">
        {shareLanguages.map((code) => (
          <button key={code} type="button" lang={code} aria-pressed={lang === code} onClick={() => setLang(code)}>
            {languageNames[code]}
          </button>
        ))}
      </div>
    </header>
  );
}
