import { PageHeading } from '@/components/ui/page-heading';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { useUser } from '@/features/auth/api/get-session';
import { useReviewSettings } from '@/features/review-settings/api/review-settings';
import { ReviewSettingsForm } from '@/features/review-settings/components/review-settings-form';
import { canAdministerStaff } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

function ReviewSettings() {
  const { t } = useI18n();
  const settings = useReviewSettings({ enabled: true });
  if (settings.isPending) return <Spinner label={t.common.loading} />;
  if (settings.isError)
    return <ErrorAlert title={t.reviewSettings.loadError} error={settings.error} onRetry={() => void settings.refetch()} />;
  return <ReviewSettingsForm settings={settings.data} />;
}

/** The organisation's review settings (wellbeing defaults, break threshold), for admins. */
export function AdminSettingsRoute() {
  const { t } = useI18n();
  const allowed = canAdministerStaff(useUser());
  return (
    <div className="page page--narrow">
      <title>{`${t.reviewSettings.title} · ${t.common.appName}`}</title>
      <PageHeading>{t.reviewSettings.title}</PageHeading>
      {allowed ? <ReviewSettings /> : <p className="notice notice--warning">{t.reviewSettings.notAllowed}</p>}
    </div>
  );
}
