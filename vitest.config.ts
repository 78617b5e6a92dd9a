import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every folder's tests; the local stack's data and dependencies hold none of ours.
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '.stack/**', '.git/**'],
    // Integration tests talk to the real local stack; `test/support/globalSetup.ts` brings it up.
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
