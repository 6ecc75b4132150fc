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
      // Whole-app renders in jsdom are slow on a busy 2-core machine; 5 s left no margin.
      testTimeout: 15_000,
    },
  }),
);
