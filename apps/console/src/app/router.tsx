import { createBrowserRouter, type RouteObject } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { RouteError } from './routes/route-error';

/** Shown while the first page's code loads. */
function FirstLoad() {
  const { t } = useI18n();
  return <Spinner className="page-spinner" label={t.common.loading} />;
}

// Each page is its own chunk, fetched when first visited: the login page loads only what it
// needs (no zod, no tables, no player), and a reviewer's first screen does not wait for the audit log.
export const routes: RouteObject[] = [
  {
    path: '/login',
    lazy: async () => ({ Component: (await import('./routes/login')).LoginRoute }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <FirstLoad />,
  },
  {
    path: '/',
    lazy: async () => ({ Component: (await import('./routes/app-root')).AppRoot }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <FirstLoad />,
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./routes/app-root')).HomeRedirect }) },
      { path: 'recordings', lazy: async () => ({ Component: (await import('./routes/recordings')).RecordingsRoute }) },
      { path: 'recordings/:id', lazy: async () => ({ Component: (await import('./routes/recording')).RecordingRoute }) },
      { path: 'audit', lazy: async () => ({ Component: (await import('./routes/audit')).AuditRoute }) },
      { path: 'account', lazy: async () => ({ Component: (await import('./routes/account')).AccountRoute }) },
      { path: 'admin/staff', lazy: async () => ({ Component: (await import('./routes/admin-staff')).AdminStaffRoute }) },
      { path: 'admin/settings', lazy: async () => ({ Component: (await import('./routes/admin-settings')).AdminSettingsRoute }) },
      { path: 'admin/retention', lazy: async () => ({ Component: (await import('./routes/retention')).RetentionRoute }) },
      // The review workflow loads as its own chunks, on first visit.
      { path: 'queue', lazy: async () => ({ Component: (await import('./routes/queue')).QueueRoute }) },
      { path: 'queue/:itemId', lazy: async () => ({ Component: (await import('./routes/review-item')).ReviewItemRoute }) },
      // Evidence packets and provision records load as their own chunks, on first visit.
      { path: 'packets', lazy: async () => ({ Component: (await import('./routes/packets')).PacketsRoute }) },
      { path: 'packets/:id', lazy: async () => ({ Component: (await import('./routes/packet')).PacketRoute }) },
      { path: 'provision-records', lazy: async () => ({ Component: (await import('./routes/provision-records')).ProvisionRecordsRoute }) },
      // Users' rights: upcoming deletions and disclosure requests.
      {
        path: 'retention/upcoming',
        lazy: async () => ({ Component: (await import('./routes/upcoming-deletions')).UpcomingDeletionsRoute }),
      },
      { path: 'disclosures', lazy: async () => ({ Component: (await import('./routes/disclosures')).DisclosuresRoute }) },
      { path: 'disclosures/:id', lazy: async () => ({ Component: (await import('./routes/disclosure')).DisclosureRoute }) },
      { path: '*', lazy: async () => ({ Component: (await import('./routes/not-found')).NotFoundRoute }) },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
