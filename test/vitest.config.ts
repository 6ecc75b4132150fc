import { defineConfig } from 'vitest/config';

// End-to-end: the real server (real PostgreSQL, S3 over HTTP, ffmpeg) driven by a real browser.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['./support/global-setup.ts', './support/console-build.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
