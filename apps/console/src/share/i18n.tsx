import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { shareLanguages, shareMessages, type ShareLanguage, type ShareMessages } from './messages';

const STORAGE_KEY = 'kura.share.language';

function stored(): ShareLanguage {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return (shareLanguages as readonly string[]).includes(value ?? '') ? (value as ShareLanguage) : 'ja';
  } catch {
    return 'ja';
  }
}

interface ShareI18n {
  lang: ShareLanguage;
  t: ShareMessages;
  setLang: (lang: ShareLanguage) => void;
}

const Context = createContext<ShareI18n | null>(null);

/** Japanese unless the visitor chose English on this page before. */
export function ShareI18nProvider({ children, initialLanguage }: { children: ReactNode; initialLanguage?: ShareLanguage }) {
  const [lang, setLangState] = useState<ShareLanguage>(() => initialLanguage ?? stored());
  const setLang = useCallback((next: ShareLanguage) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // no storage (private mode): the choice holds for this page
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ lang, t: shareMessages[lang], setLang }), [lang, setLang]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useShareI18n(): ShareI18n {
  const value = useContext(Context);
  if (!value) throw new Error('useShareI18n must be used inside <ShareI18nProvider>');
  return value;
}
