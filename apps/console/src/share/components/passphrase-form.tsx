import { useId, useRef, useState, type FormEvent } from 'react';
import { useShareI18n } from '../i18n';
import { Heading } from './heading';

interface PassphraseFormProps {
  problem: 'none' | 'wrong' | 'expired';
  submitting: boolean;
  onSubmit: (passphrase: string) => void;
}

/** The link's passphrase, which reached the agency by another channel than the link. */
export function PassphraseForm({ problem, submitting, onSubmit }: PassphraseFormProps) {
  const { t } = useShareI18n();
  const id = useId();
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const error = missing ? t.passphraseMissing : problem === 'wrong' ? t.passphraseWrong : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (value === '') {
      setMissing(true);
      input.current?.focus();
      return;
    }
    setMissing(false);
    onSubmit(value);
  };

  return (
    <section className="share-card">
      <Heading>{t.passphraseTitle}</Heading>
      {problem === 'expired' && <p className="share-note">{t.passphraseExpired}</p>}
      <p>{t.passphraseBody}</p>
      <form className="share-form" onSubmit={submit} noValidate>
        <label htmlFor={`${id}-passphrase`}>{t.passphrase}</label>
        <input
          ref={input}
          id={`${id}-passphrase`}
          type="password"
          autoComplete="off"
          maxLength={200}
          value={value}
          required
          aria-invalid={error !== null || undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        {error && (
          <p id={`${id}-error`} role="alert" className="share-error">
            {error}
          </p>
        )}
        <button type="submit" className="share-button share-button--primary" disabled={submitting}>
          {submitting ? t.opening : t.open}
        </button>
      </form>
    </section>
  );
}
