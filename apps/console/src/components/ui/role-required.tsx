import type { Role } from '@kura/contracts';
import { Link } from 'react-router';
import { useI18n } from '@/lib/i18n';

interface RoleRequiredProps {
  /** What the page does, e.g. "viewing the audit log". */
  what: string;
  /** Roles that would allow it. */
  roles: readonly Role[];
  /** The signed-in user's roles. */
  userRoles: readonly Role[];
  /** A page these roles may use. */
  home: string;
}

/** Shown instead of a page the user's roles do not allow, before any request is made. */
export function RoleRequired({ what, roles, userRoles, home }: RoleRequiredProps) {
  const { t } = useI18n();
  return (
    <div className="notice notice--warning">
      <p className="notice__title">
        {t.access.needsRole(
          what,
          roles.map((role) => t.roles[role]),
        )}
      </p>
      <p>{t.access.yourRoles(userRoles.map((role) => t.roles[role]).join(', '))}</p>
      <p>
        <Link to={home}>{t.access.goHome}</Link>
      </p>
    </div>
  );
}
