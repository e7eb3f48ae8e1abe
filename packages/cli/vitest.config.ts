import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Trains the small models the predict/info/eval tests need, once for all test files.
    globalSetup: ['./src/test-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
