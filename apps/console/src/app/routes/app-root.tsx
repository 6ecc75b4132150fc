import { NavLink, Outlet } from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';
import { useUser } from '@/features/auth/api/get-session';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { UserMenu } from '@/features/auth/components/user-menu';
import { canReadAudit } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';
import { canReadProvisionRecords, canWorkPackets } from '@/lib/packet-authorization';

function Header() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <header className="app-header">
      <a href="#main" className="skip-link">
        {t.common.skipToContent}
      </a>
      <span className="brand">{t.common.appName}</span>
      <nav aria-label={t.nav.main} className="app-nav">
        <NavLink to="/recordings">{t.nav.recordings}</NavLink>
        {canReadAudit(user) && <NavLink to="/audit">{t.nav.audit}</NavLink>}
        {canWorkPackets(user) && <NavLink to="/packets">{t.packets.nav.packets}</NavLink>}
        {canReadProvisionRecords(user) && <NavLink to="/provision-records">{t.packets.nav.provisionRecords}</NavLink>}
      </nav>
      <div className="app-header__end">
        <LanguageSwitch />
        {user && <UserMenu user={user} />}
      </div>
    </header>
  );
}

/** The signed-in shell: header, then the page. */
export function AppRoot() {
  return (
    <RequireAuth>
      <div className="app">
        <Header />
        <main id="main" className="app-main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </RequireAuth>
  );
}
