import { defineConfig } from 'vitest/config';

// The fault suite runs real server processes, kills them and fills disks; `npm run test:fault`.
export default defineConfig({
  test: {
    include: ['test/fault/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
