import type { StaffUserDto } from '@kura/contracts';
import { useI18n } from '@/lib/i18n';
import { useLogout } from '../api/logout';

export function UserMenu({ user }: { user: StaffUserDto }) {
  const { t } = useI18n();
  const logout = useLogout();
  return (
    <div className="user-menu" aria-label={t.auth.userMenu} role="group">
      <span className="user-menu__name">{user.displayName}</span>
      <span className="user-menu__roles">
        {user.roles.map((role) => (
          <span key={role} className="badge badge--role">
            {t.roles[role]}
          </span>
        ))}
      </span>
      <button type="button" className="button button--ghost" onClick={() => logout.mutate()} disabled={logout.isPending}>
        {t.auth.logout}
      </button>
    </div>
  );
}
