import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'operators/**/*.test.ts', 'topology/**/*.test.ts', 'sinks/**/*.test.ts', 'avro/**/*.test.ts', 'actuators/**/*.test.ts'],
    // Integration tests talk to the real local stack; `test/support/globalSetup.ts` brings it up.
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
