import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, listen, type RunningServer } from '../../src/http/create-server.js';
import { createTombstone } from '../../src/procedures/tombstone.js';
import type { Database } from '../../src/reference/db/database.js';
import { migrations } from '../../src/reference/db/migrations/index.js';
import { appRouter } from '../../src/reference/routers/app-router.js';
import { publicProcedure, router } from '../../src/reference/routers/trpc.js';
import { openTestDatabase, type TestDatabase } from '../../src/testing/index.js';

const failing = router({
  boom: publicProcedure.query(() => {
    throw new Error('connection to 10.0.0.7 refused: password authentication failed');
  }),
});

let test: TestDatabase<Database>;
let running: RunningServer;
const reported: Array<{ message: string; path: string }> = [];

beforeAll(async () => {
  test = await openTestDatabase<Database>('pglite', { migrations });
  const tombstone = await createTombstone(test.db, appRouter);
  const server = createServer({
    router: failing,
    createContext: () => ({ db: test.db, tombstone, user: null, hasToken: false }),
    onInternalError: (error, path) => reported.push({ message: (error as Error).message, path }),
  });
  running = await listen(server, { port: 0 });
});

afterAll(async () => {
  await running?.close();
  await test?.destroy();
});

it('masks an unexpected error in the response and reports it to onInternalError, over tRPC and REST', async () => {
  for (const path of ['/trpc/boom', '/api/boom']) {
    const response = await fetch(`${running.url}${path}`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('Internal server error');
    expect(text).not.toContain('10.0.0.7');
  }
  expect(reported).toEqual([
    { message: 'connection to 10.0.0.7 refused: password authentication failed', path: '/trpc/boom' },
    { message: 'connection to 10.0.0.7 refused: password authentication failed', path: '/api/boom' },
  ]);
});
