import { PageHeading } from '@/components/ui/page-heading';
import { useUser } from '@/features/auth/api/get-session';
import { AccountSummary } from '@/features/auth/components/account-summary';
import { useI18n } from '@/lib/i18n';

/** Every signed-in person may see their own account; it is where an admin lands. */
export function AccountRoute() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <div className="page page--narrow">
      <title>{`${t.account.title} · ${t.common.appName}`}</title>
      <PageHeading>{t.account.title}</PageHeading>
      {user && <AccountSummary user={user} />}
    </div>
  );
}
