import { defineProject, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineProject({
    test: {
      name: 'console',
      environment: 'jsdom',
      include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
      setupFiles: ['./src/testing/setup.ts'],
      // Route tests render the whole app on a shared, busy machine; see asyncUtilTimeout in setup.ts.
      testTimeout: 20_000,
    },
  }),
);
