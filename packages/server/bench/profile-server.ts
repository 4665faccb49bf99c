import { createServer } from '../src/http/create-server.js';
import { listen } from '../src/http/listen.js';
import { createTombstone } from '../src/procedures/tombstone.js';
import { createContext } from '../src/reference/context.js';
import { appRouter } from '../src/reference/routers/app-router.js';
import { openBenchDatabase } from './bench-database.js';
import { seedArticles } from './http-baselines.js';

const bench = await openBenchDatabase();
const { db } = bench;
await seedArticles(db);
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
