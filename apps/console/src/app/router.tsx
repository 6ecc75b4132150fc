import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { AppRoot } from './routes/app-root';
import { AuditRoute } from './routes/audit';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';
import { RecordingRoute } from './routes/recording';
import { RecordingsRoute } from './routes/recordings';
import { RouteError } from './routes/route-error';

/** Shown while a lazily loaded page's code arrives on a first load straight to its URL. */
function PageLoading() {
  const { t } = useI18n();
  return <Spinner className="page-spinner" label={t.common.loading} />;
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <AppRoot />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoading />,
    children: [
      { index: true, element: <Navigate to="/recordings" replace /> },
      { path: 'recordings', element: <RecordingsRoute /> },
      { path: 'recordings/:id', element: <RecordingRoute /> },
      { path: 'audit', element: <AuditRoute /> },
      { path: 'account', lazy: async () => ({ Component: (await import('./routes/account')).AccountRoute }) },
      { path: 'admin/staff', lazy: async () => ({ Component: (await import('./routes/admin-staff')).AdminStaffRoute }) },
      { path: 'admin/settings', lazy: async () => ({ Component: (await import('./routes/admin-settings')).AdminSettingsRoute }) },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
