import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // PGlite takes a few seconds to start; the built-app tests spawn the server a few times.
    hookTimeout: 90_000,
    // A response must never carry a stack trace outside development.
    env: { NODE_ENV: 'test' },
  },
});
