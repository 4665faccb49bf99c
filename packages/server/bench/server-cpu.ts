/**
 * A profiling aid, not a benchmark: the server's own CPU per HTTP request (`process.cpuUsage` of
 * this process, autocannon in a separate process), which a loaded machine disturbs far less than
 * requests per second. Three servers answer the same `GET` of one article: the bare `node:http`
 * baseline, a Fastify route of `createServer` running the baseline's query (what Fastify costs by
 * itself), and Tombstone's REST route. `DATABASE_URL=… npx tsx bench/server-cpu.ts`.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { createServer } from '../src/http/create-server.js';
import { listen } from '../src/http/listen.js';
import { createTombstone } from '../src/procedures/tombstone.js';
import { createContext } from '../src/reference/context.js';
import { appRouter } from '../src/reference/routers/app-router.js';
import { openBenchDatabase } from './bench-database.js';
import { getArticle, nodeBaseline, seedArticles } from './http-baselines.js';
import { median } from './report.js';

const ROUNDS = Number(process.env.SERVER_CPU_ROUNDS ?? 5);
const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const run = promisify(execFile);

async function cpuPerRequest(url: string, seconds: number): Promise<number> {
  const start = process.cpuUsage();
  const { stdout } = await run(process.execPath, [autocannon, '-j', '-c', '10', '-d', String(seconds), url], {
    maxBuffer: 1 << 24,
  });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (JSON.parse(stdout) as { requests: { total: number } }).requests.total;
}

const bench = await openBenchDatabase();
const { db } = bench;
await seedArticles(db);
const tombstone = await createTombstone(db, appRouter);
const app = createServer({
  router: appRouter,
  createContext: (req) => createContext({ db, tombstone }, req.headers.authorization),
});
app.fastify.get('/bare/:id', async (request, reply) => {
  const row = await getArticle(db, Number((request.params as { id: string }).id));
  return reply.type('application/json').send(JSON.stringify(row));
});
const subject = await listen(app, { port: 0 });
const node = await nodeBaseline(db);
const urls = {
  'node:http': `${node.url}/articles/500`,
  'fastify route': `${subject.url}/bare/500`,
  'REST get': `${subject.url}/api/articles/500`,
};
for (const url of Object.values(urls)) await cpuPerRequest(url, 1);
const samples = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, url] of Object.entries(urls)) {
    samples.set(name, [...(samples.get(name) ?? []), await cpuPerRequest(url, 2)]);
  }
}
for (const [name, values] of samples) {
  console.log(`${name.padEnd(14)} ${median(values).toFixed(1).padStart(6)} µs server CPU per request`);
}
await subject.close();
await node.close();
await bench.close();
