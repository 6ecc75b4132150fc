import type { StaffUserDto } from '@kura/contracts';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProvider } from '@/app/provider';
import { routes } from '@/app/router';
import { createQueryClient } from '@/lib/react-query';
import { sessionFor } from './data';
import { db } from './db';

interface RenderAppOptions {
  /** Signed in as this user (the mock API's session), or signed out when null. */
  user?: StaffUserDto | null;
}

/** Renders the whole app (real routes, providers, API client) at `url` against the msw API. */
export function renderApp(url: string, { user = null }: RenderAppOptions = {}) {
  db.session = user ? sessionFor(user) : null;
  const queryClient = createQueryClient({ queries: { retry: false, staleTime: 0, refetchOnWindowFocus: false } });
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const result = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, router, queryClient, user: userEvent.setup() };
}

/** The current URL's search params, as the router sees them. */
export function currentSearch(router: ReturnType<typeof createMemoryRouter>): URLSearchParams {
  return new URLSearchParams(router.state.location.search);
}
