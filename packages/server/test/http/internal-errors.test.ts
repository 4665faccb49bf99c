import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer } from '../../src/http/create-server.js';
import { listen, type RunningServer } from '../../src/http/listen.js';

// The router's own errorFormatter shapes /trpc errors (the server does not rewrite them); this one
// masks internal errors the way the reference router does. REST masks them itself.
const t = initTRPC.create({
  isDev: false,
  errorFormatter: ({ shape, error }) =>
    error.code === 'INTERNAL_SERVER_ERROR' ? { ...shape, message: 'Internal server error' } : shape,
});
const failing = t.router({
  boom: t.procedure.query(() => {
    throw new Error('connection to 10.0.0.7 refused: password authentication failed');
  }),
});

let running: RunningServer;
const reported: Array<{ message: string; path: string }> = [];

beforeAll(async () => {
  const server = createServer({
    router: failing,
    createContext: () => ({}),
    onInternalError: (error, path) => reported.push({ message: (error as Error).message, path }),
  });
  running = await listen(server, { port: 0 });
});

afterAll(async () => {
  await running?.close();
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
