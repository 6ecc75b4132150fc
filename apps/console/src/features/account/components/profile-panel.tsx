import type { StaffUserDto } from '@kura/contracts';
import { useI18n } from '@/lib/i18n';

export function ProfilePanel({ user }: { user: StaffUserDto }) {
  const { t } = useI18n();
  const p = t.account.profile;
  return (
    <section className="panel" aria-labelledby="account-profile">
      <h2 id="account-profile" className="panel__title">
        {p.title}
      </h2>
      <dl className="meta-grid">
        <div className="meta-row">
          <dt>{p.name}</dt>
          <dd>{user.displayName}</dd>
        </div>
        <div className="meta-row">
          <dt>{p.email}</dt>
          <dd>{user.email}</dd>
        </div>
        <div className="meta-row">
          <dt>{p.roles}</dt>
          <dd>
            <span className="badge-list">
              {user.roles.map((role) => (
                <span key={role} className="badge badge--role">
                  {t.roles[role]}
                </span>
              ))}
            </span>
          </dd>
        </div>
      </dl>
    </section>
  );
}
