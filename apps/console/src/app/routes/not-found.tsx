import { Link } from 'react-router';
import { PageHeading } from '@/components/ui/page-heading';
import { useUser } from '@/features/auth/api/get-session';
import { homePath } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

export function NotFoundRoute() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <div className="page page--narrow">
      <title>{`${t.notFound.title} · ${t.common.appName}`}</title>
      <PageHeading>{t.notFound.title}</PageHeading>
      <Link to={homePath(user)}>{t.notFound.back}</Link>
    </div>
  );
}
