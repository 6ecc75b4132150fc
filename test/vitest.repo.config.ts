import { defineConfig } from 'vitest/config';

// Checks on the repository itself (the layering lint's own fixtures); no services needed.
export default defineConfig({
  test: { name: 'repo', include: ['lint/**/*.test.ts'], testTimeout: 60_000 },
});
