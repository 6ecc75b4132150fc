import { defineConfig } from 'vitest/config';

// The adversarial suite (issue 12). `pnpm test:hardening` (KURA_HARDENING_FULL=1) runs all of it:
// authorization matrix, bad-input corpus, faults, secrecy scan and load. The normal `pnpm test`
// runs only the authorization matrix (about a minute), so that a route added without a line in
// its table fails there too.
const full = process.env.KURA_HARDENING_FULL === '1';

export default defineConfig({
  test: {
    name: 'hardening',
    include: full ? ['**/*.test.ts'] : ['authorization-matrix.test.ts'],
    // The browser check needs the built console; built only when the full suite runs.
    globalSetup: full ? ['../support/global-setup.ts', '../support/console-build.ts'] : ['../support/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
