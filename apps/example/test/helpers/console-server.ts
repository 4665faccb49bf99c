import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTombstone } from '@tombstone/server';
import { listen, type RunningServer } from '@tombstone/server/http';
import { appRouter, createReferenceServer, seedDemo } from '@tombstone/server/reference';
import type { TestDialect } from '@tombstone/server/testing';
import { registerTrashConsole } from '../../src/trash-console.js';
import { openReferenceDatabase, type ReferenceTestDatabase } from './reference-database.js';

const BUILD = fileURLToPath(new URL('../../src/web/build.mjs', import.meta.url));

/** Bundles the console (esbuild, about a second) into dist/web, as `npm run build` does. */
export function buildConsole(): void {
  execFileSync(process.execPath, [BUILD], { stdio: 'ignore' });
}

/** The example app as `main.ts` wires it — reference server plus `/trash` — on a seeded test database. */
export async function startConsoleServer(
  dialect: TestDialect,
): Promise<{ test: ReferenceTestDatabase; running: RunningServer }> {
  const test = await openReferenceDatabase(dialect);
  await seedDemo(test.db);
  const tombstone = await createTombstone(test.db, appRouter);
  const server = createReferenceServer({ db: test.db, tombstone });
  registerTrashConsole(server.fastify);
  return { test, running: await listen(server, { port: 0 }) };
}
