import { defineConfig } from 'vitest/config';

// Checks on the repository itself (the layering lint's own fixtures, the deployment files); no services needed.
export default defineConfig({
  test: { name: 'repo', include: ['lint/**/*.test.ts', 'infra/**/*.test.ts'], testTimeout: 60_000 },
});
