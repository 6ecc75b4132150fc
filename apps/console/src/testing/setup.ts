import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import type { RouteObject } from 'react-router';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { routes } from '@/app/router';
import { setCsrfToken } from '@/lib/api-client';
import { resetAccountAdminDb } from './account-admin';
import { resetDb } from './db';
import { resetReviewDb } from './review-db';
import { resetPacketsDb } from './packets-db';
import { resetRightsDb } from './rights';
import { server } from './server';

// findBy…/waitFor give up after this long. The default second is too short on a busy 2-core
// machine (whole-app renders, msw, lazily loaded pages); anything that never appears still fails.
configure({ asyncUtilTimeout: 5_000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));

// Every page is a lazily loaded module. Load them all once per test file, here, so that the
// first test's findBy… does not spend its timeout waiting for the pages' code to be compiled.
async function loadLazy(list: RouteObject[]): Promise<void> {
  await Promise.all(list.map(async (route) => (typeof route.lazy === 'function' ? route.lazy() : undefined)));
  await Promise.all(list.map((route) => loadLazy(route.children ?? [])));
}
beforeAll(() => loadLazy(routes), 60_000);
afterEach(() => {
  cleanup();
  server.resetHandlers();
  server.events.removeAllListeners();
  resetDb();
  resetAccountAdminDb();
  resetReviewDb();
  resetPacketsDb();
  resetRightsDb();
  setCsrfToken(null);
  window.localStorage.clear();
  window.sessionStorage.clear();
});
afterAll(() => server.close());
