import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeading } from '@/components/ui/page-heading';
import { Spinner } from '@/components/ui/spinner';
import { useUser } from '@/features/auth/api/get-session';
import { useRetentionSettings } from '@/features/retention/api/retention';
import { RetentionRuns } from '@/features/retention/components/retention-runs';
import { RetentionSettingsForm } from '@/features/retention/components/retention-settings-form';
import { canAdministerStaff, canReadRetention } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

function Settings({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const settings = useRetentionSettings();
  if (settings.isPending) return <Spinner label={t.common.loading} />;
  if (settings.isError)
    return <ErrorAlert title={t.retention.page.loadError} error={settings.error} onRetry={() => void settings.refetch()} />;
  return <RetentionSettingsForm settings={settings.data} editable={editable} />;
}

/** Retention settings (admins edit, auditors read) and the job's runs with their signed receipts. */
export function RetentionRoute() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <div className="page">
      <title>{`${t.retention.page.title} · ${t.common.appName}`}</title>
      <PageHeading>{t.retention.page.title}</PageHeading>
      {canReadRetention(user) ? (
        <>
          <Settings editable={canAdministerStaff(user)} />
          <RetentionRuns />
        </>
      ) : (
        <p className="notice notice--warning">{t.retention.page.notAllowed}</p>
      )}
    </div>
  );
}
