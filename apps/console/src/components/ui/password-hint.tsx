import { useI18n } from '@/lib/i18n';
import { passwordStrength } from '@/lib/password-strength';

/** The length rule and a live strength reading for a new password. */
export function PasswordHint({ password, extra }: { password: string; extra?: string }) {
  const { t } = useI18n();
  const strength = passwordStrength(password);
  let reading: string | null = null;
  if (strength.level === 'too_short') reading = t.passwordStrength.tooShort(strength.missing);
  else if (strength.level === 'fair') reading = t.passwordStrength.fair;
  else if (strength.level === 'strong') reading = t.passwordStrength.strong;
  return (
    <>
      <p>{t.passwordStrength.rule}</p>
      {extra && <p>{extra}</p>}
      <p aria-live="polite" className={`password-strength password-strength--${strength.level}`}>
        {reading}
      </p>
    </>
  );
}
