import { defineConfig } from 'vitest/config';

// The adversarial suite (issue 12). In the normal `pnpm test` run it takes its quick sizes;
// `pnpm test:hardening` sets KURA_HARDENING_FULL=1 for the full load and fault runs.
export default defineConfig({
  test: {
    name: 'hardening',
    include: ['**/*.test.ts'],
    globalSetup: ['../support/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
