import { defineConfig } from 'vitest/config';

/**
 * Which tests need the local stack (Kafka, the Schema Registry, PostgreSQL, pgvector,
 * ClickHouse, Neo4j): a colocated test that talks to a service is named `*.stack.test.ts`,
 * and everything under test/integration and test/smoke does. Every other test is a unit test:
 * it must pass with no service running, which CI proves by running `npm run test:unit` before
 * anything starts the stack, and test/support/noStack.ts checks on every run.
 */
const STACK = ['**/*.stack.test.ts', 'test/integration/**/*.test.ts', 'test/smoke/**/*.test.ts'];

export default defineConfig({
  test: {
    // The local stack's data and dependencies hold none of ours.
    exclude: ['**/node_modules/**', '.stack/**', '.git/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          // Adds to the root's list (projects extend the root config).
          exclude: STACK,
          // Refuses, and fails the test for, any connection to the stack's ports.
          setupFiles: ['test/support/noStack.ts'],
          // A worker per core: vitest's default (cores - 1) runs them one file at a time on two
          // cores, and many wait on timers or child processes rather than compute.
          maxWorkers: '100%',
          // Before the stack tests when both run in one `vitest run` (and a project of its own
          // worker count needs an order of its own).
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'stack',
          include: STACK,
          // Brings the stack up (or finds it running) before the first stack test.
          globalSetup: ['test/support/globalSetup.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
