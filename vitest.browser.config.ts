import { defineConfig } from 'vitest/config';

// The browser suite: playwright-core driving Debian's Chromium against a real server. One worker,
// files one after another, long timeouts (a browser start is seconds on a busy machine).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
