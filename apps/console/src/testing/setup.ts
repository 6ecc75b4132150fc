import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { setCsrfToken } from '@/lib/api-client';
import { resetAccountAdminDb } from './account-admin';
import { resetDb } from './db';
import { server } from './server';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  server.events.removeAllListeners();
  resetDb();
  resetAccountAdminDb();
  setCsrfToken(null);
  window.localStorage.clear();
  window.sessionStorage.clear();
});
afterAll(() => server.close());
