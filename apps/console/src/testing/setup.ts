import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { setCsrfToken } from '@/lib/api-client';
import { resetDb } from './db';
import { resetReviewDb } from './review-db';
import { server } from './server';

// The machine running the suite is shared and often busy: a lazy route's first load can take
// longer than testing-library's default second. Waits still end as soon as the UI is there.
configure({ asyncUtilTimeout: 5_000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetDb();
  resetReviewDb();
  setCsrfToken(null);
  window.localStorage.clear();
  window.sessionStorage.clear();
});
afterAll(() => server.close());
