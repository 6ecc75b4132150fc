import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { setCsrfToken } from '@/lib/api-client';
import { resetDb } from './db';
import { resetPacketsDb } from './packets-db';
import { server } from './server';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetDb();
  resetPacketsDb();
  setCsrfToken(null);
  window.localStorage.clear();
});
afterAll(() => server.close());
