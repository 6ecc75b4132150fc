import { defineConfig } from 'vitest/config';

// One `vitest run` covers every tier; each project keeps its own environment and setup.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'test/vitest.config.ts',
      'test/vitest.repo.config.ts',
      'test/hardening/vitest.config.ts',
    ],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
