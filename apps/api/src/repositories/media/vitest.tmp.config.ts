import { defineConfig } from 'vitest/config';
export default defineConfig({
  root: new URL('../../../', import.meta.url).pathname,
  test: { name: 'api-media-tmp', include: ['src/repositories/media/**/*.test.ts', 'src/demo/media/**/*.test.ts'], testTimeout: 60_000 },
});
