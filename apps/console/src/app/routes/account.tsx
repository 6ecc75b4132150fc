import { PageHeading } from '@/components/ui/page-heading';
import { useUser } from '@/features/auth/api/get-session';
import { ChangePasswordForm } from '@/features/account/components/change-password-form';
import { ProfilePanel } from '@/features/account/components/profile-panel';
import { SessionsPanel } from '@/features/account/components/sessions-panel';
import { WellbeingPreferences } from '@/features/account/components/wellbeing-preferences';
import { useI18n } from '@/lib/i18n';

/** Every signed-in person's own account: profile, wellbeing preferences, password, sessions. */
export function AccountRoute() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <div className="page page--medium">
      <title>{`${t.account.title} · ${t.common.appName}`}</title>
      <PageHeading>{t.account.title}</PageHeading>
      {user && (
        <>
          <ProfilePanel user={user} />
          <WellbeingPreferences />
          <ChangePasswordForm email={user.email} />
          <SessionsPanel />
        </>
      )}
    </div>
  );
}
