import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // PGlite takes a few seconds to start; the built-app tests spawn the server a few times.
    hookTimeout: 90_000,
    // Each file runs a server in its worker while PostgreSQL works in its own process: two workers
    // keep two cores busy even where the default (cores - 1) would leave one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A response must never carry a stack trace outside development.
    env: { NODE_ENV: 'test' },
  },
});
