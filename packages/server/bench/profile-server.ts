/**
 * A profiling aid, not a benchmark: serves the reference API on a seeded bench database until
 * SIGINT, so that `node --cpu-prof` can record it under external load, e.g.
 * `DATABASE_URL=… npx tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-server.ts` then
 * `npx autocannon -c 10 -d 10 'http://127.0.0.1:4400/api/articles/500'`.
 */
import { sql } from 'kysely';
import { createServer } from '../src/http/create-server.js';
import { listen } from '../src/http/listen.js';
import { createTombstone } from '../src/procedures/tombstone.js';
import { createContext } from '../src/reference/context.js';
import { appRouter } from '../src/reference/routers/app-router.js';
import { openBenchDatabase } from './bench-database.js';

const bench = await openBenchDatabase();
const { db } = bench;
await sql`insert into author (name, email, is_staff) values ('bench', 'bench@example.com', true)`.execute(db);
await sql`
  insert into article (author_id, title, slug, content)
  select 1, 'Article ' || n, 'bench-' || n, repeat('lorem ipsum ', 20) from generate_series(1, 1000) as n
`.execute(db);
const tombstone = await createTombstone(db, appRouter);
const running = await listen(
  createServer({
    router: appRouter,
    createContext: (req) => createContext({ db, tombstone }, req.headers.authorization),
  }),
  { port: Number(process.env.PORT ?? 4400) },
);
console.log(`profiling server on ${running.url}`);
process.once('SIGINT', async () => {
  await running.close();
  await bench.close();
  process.exit(0);
});
