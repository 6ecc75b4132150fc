import { availableParallelism } from 'node:os';
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
    // Vitest runs one file at a time on two cores (it leaves one for itself), but these files mostly
    // wait on PostgreSQL, S3, ffmpeg and Chromium: two at a time took the suite from 19.5 to 14.9
    // minutes on a 2-core CI machine. Each file has its own database and bucket, so they cannot meet.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
