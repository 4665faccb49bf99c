/**
 * The server side of the `scale.*` benchmarks, run as a child process so that its memory can be
 * measured alone: the reference API exactly as `apps/example` starts it (soft-delete plugin,
 * `createTombstone(db, appRouter)`, `createReferenceServer`) on the PostgreSQL database named by
 * `DATABASE_URL`, on a free loopback port. Tells its parent the URL over IPC (or prints it when
 * run by hand: `DATABASE_URL=… node --import tsx bench/scale-server.ts`) and stops when the
 * parent disconnects or on SIGTERM / SIGINT.
 */

import { listen } from '../src/http/listen.js';
import { softDeletePlugin } from '../src/index.js';
import { createTombstone } from '../src/procedures/tombstone.js';
import { createDatabase } from '../src/reference/db/create-database.js';
import { appRouter } from '../src/reference/routers/app-router.js';
import { softDeleteTables } from '../src/reference/routers/soft-delete-tables.js';
import { createReferenceServer } from '../src/reference/server.js';

/** What the child sends its parent once it listens. */
export interface ScaleServerReady {
  type: 'ready';
  url: string;
}

const url = process.env.DATABASE_URL;
if (!url) throw new Error('scale-server needs DATABASE_URL (a PostgreSQL database)');

const db = await createDatabase({ url, plugins: [softDeletePlugin({ tables: softDeleteTables })] });
const tombstone = await createTombstone(db, appRouter);
const running = await listen(createReferenceServer({ db, tombstone }), { port: 0, host: '127.0.0.1' });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await running.close();
  await db.destroy();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

if (process.send) {
  process.on('disconnect', () => void stop());
  process.send({ type: 'ready', url: running.url } satisfies ScaleServerReady);
} else {
  console.log(`scale server on ${running.url}`);
}
