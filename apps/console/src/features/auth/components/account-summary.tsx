import type { StaffUserDto } from '@kura/contracts';
import { useI18n } from '@/lib/i18n';

/** The signed-in person's own profile, and what each of their roles lets them do here today. */
export function AccountSummary({ user }: { user: StaffUserDto }) {
  const { t } = useI18n();
  return (
    <>
      <section className="panel" aria-labelledby="account-profile-heading">
        <h2 id="account-profile-heading" className="panel__title">
          {t.account.profile}
        </h2>
        <dl className="meta-grid">
          <div className="meta-row">
            <dt>{t.account.name}</dt>
            <dd>{user.displayName}</dd>
          </div>
          <div className="meta-row">
            <dt>{t.account.email}</dt>
            <dd>{user.email}</dd>
          </div>
          <div className="meta-row">
            <dt>{t.account.roles}</dt>
            <dd className="badge-list">
              {user.roles.map((role) => (
                <span key={role} className="badge badge--role">
                  {t.roles[role]}
                </span>
              ))}
            </dd>
          </div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="account-abilities-heading">
        <h2 id="account-abilities-heading" className="panel__title">
          {t.account.abilitiesTitle}
        </h2>
        <ul className="plain-list">
          {user.roles.map((role) => (
            <li key={role}>{t.account.abilities[role]}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
