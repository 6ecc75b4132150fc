import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { AppRoot } from './routes/app-root';
import { AuditRoute } from './routes/audit';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';
import { RecordingRoute } from './routes/recording';
import { RecordingsRoute } from './routes/recordings';
import { RouteError } from './routes/route-error';

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <AppRoot />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/recordings" replace /> },
      { path: 'recordings', element: <RecordingsRoute /> },
      { path: 'recordings/:id', element: <RecordingRoute /> },
      { path: 'audit', element: <AuditRoute /> },
      // Evidence packets and provision records load as their own chunks, on first visit.
      { path: 'packets', lazy: async () => ({ Component: (await import('./routes/packets')).PacketsRoute }) },
      { path: 'packets/:id', lazy: async () => ({ Component: (await import('./routes/packet')).PacketRoute }) },
      { path: 'provision-records', lazy: async () => ({ Component: (await import('./routes/provision-records')).ProvisionRecordsRoute }) },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
