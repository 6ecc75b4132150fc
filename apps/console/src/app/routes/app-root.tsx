import { Navigate, NavLink, Outlet } from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';
import { useUser } from '@/features/auth/api/get-session';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { UserMenu } from '@/features/auth/components/user-menu';
import { BreakReminder } from '@/features/exposure/components/break-reminder';
import { ExposureIndicator } from '@/features/exposure/components/exposure-indicator';
import {
  canAdministerStaff,
  canHandleDisclosures,
  canReadRetention,
  canReadAudit,
  canReadProvisionRecords,
  canReview,
  canSeeOwnExposure,
  canSeeRecordings,
  canSeeTeamExposure,
  canSeeUpcomingDeletions,
  canWorkPackets,
  homePath,
} from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

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
        {canReview(user) && <NavLink to="/queue">{t.review.nav}</NavLink>}
        {canSeeRecordings(user) && <NavLink to="/recordings">{t.nav.recordings}</NavLink>}
        {canReadAudit(user) && <NavLink to="/audit">{t.nav.audit}</NavLink>}
        {canWorkPackets(user) && <NavLink to="/packets">{t.packets.nav.packets}</NavLink>}
        {canReadProvisionRecords(user) && <NavLink to="/provision-records">{t.packets.nav.provisionRecords}</NavLink>}
        {canSeeUpcomingDeletions(user) && <NavLink to="/retention/upcoming">{t.rights.nav.upcoming}</NavLink>}
        {canHandleDisclosures(user) && <NavLink to="/disclosures">{t.rights.nav.disclosures}</NavLink>}
        {canAdministerStaff(user) && <NavLink to="/admin/staff">{t.staffAdmin.nav}</NavLink>}
        {canAdministerStaff(user) && <NavLink to="/admin/settings">{t.reviewSettings.nav}</NavLink>}
        {canReadRetention(user) && <NavLink to="/admin/retention">{t.retention.nav}</NavLink>}
        <NavLink to="/account">{t.account.nav}</NavLink>
      </nav>
      <div className="app-header__end">
        {canSeeOwnExposure(user) && <ExposureIndicator showTeam={canSeeTeamExposure(user)} />}
        <LanguageSwitch />
        {user && <UserMenu user={user} />}
      </div>
    </header>
  );
}

/** The signed-in shell: header, then the page. */
export function AppRoot() {
  const user = useUser();
  return (
    <RequireAuth>
      <div className="app">
        <Header />
        <main id="main" className="app-main" tabIndex={-1}>
          {canSeeOwnExposure(user) && <BreakReminder />}
          <Outlet />
        </main>
      </div>
    </RequireAuth>
  );
}

/** `/`: each role starts on a page it may use. */
export function HomeRedirect() {
  const user = useUser();
  return <Navigate to={homePath(user)} replace />;
}
