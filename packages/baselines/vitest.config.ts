import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['./src/test-setup.ts'],
    // The machines that run this suite are small and shared, and nx runs several packages' tests
    // at once: a test that takes a second alone can take several under load.
    testTimeout: 30_000,
  },
});
