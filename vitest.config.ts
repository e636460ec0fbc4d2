import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/helpers/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // two cores on CI: files run in parallel in two workers; a test file never depends on another
    maxWorkers: 2,
    pool: 'forks',
  },
});
