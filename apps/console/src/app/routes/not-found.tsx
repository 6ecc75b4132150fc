import { Link } from 'react-router';
import { useI18n } from '@/lib/i18n';

export function NotFoundRoute() {
  const { t } = useI18n();
  return (
    <div className="page page--narrow">
      <h1 className="page__title">{t.notFound.title}</h1>
      <Link to="/recordings">{t.notFound.back}</Link>
    </div>
  );
}
