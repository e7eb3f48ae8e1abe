import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The unit tests run in Node on the cpu backend; the real browser is e2e/ (npm run test:e2e).
    include: ['src/**/*.test.ts'],
    // Small shared machines: a test that takes a second alone can take several under load.
    testTimeout: 30_000,
  },
});
