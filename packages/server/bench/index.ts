/**
 * `npm run bench`: every benchmark of the server package. Each prints
 * `bench <area>.<name>: ratio <r> (target <= <t>)`; the process exits 1 if a target is missed.
 * `npm run bench -- <area>…` runs only the areas named; `scale` runs only on request.
 */
import type { BenchResult } from './report.js';
import { report } from './report.js';

type Suite = { run(): Promise<BenchResult[]> };

const suites: Array<[string, () => Promise<Suite>]> = [
  // The CPU-only microbenchmark first: the database benches leave PostgreSQL writing WAL and
  // vacuuming for a while, which would compete with a ~2 µs measurement on a small machine.
  ['plugin', () => import('./plugin.bench.js')],
  ['bulk', () => import('./bulk.bench.js')],
  ['cascade', () => import('./cascade.bench.js')],
  ['lifecycle', () => import('./lifecycle.bench.js')],
  // Last: load tests on loopback, bounded (about 2 min; HTTP_BENCH_SECONDS / HTTP_BENCH_ROUNDS).
  ['http', () => import('./http.bench.js')],
  // On request only (see below): PostgreSQL, minutes.
  ['scale', () => import('./scale.bench.js')],
];

/**
 * Areas left out of a plain `npm run bench` because they take minutes: they run when named
 * (`npm run bench -- scale`) or when their variable is set (`BENCH_SCALE=100k` or `=1m`).
 */
const ON_REQUEST: Readonly<Record<string, string>> = { scale: 'BENCH_SCALE' };

const only = process.argv.slice(2);
const wanted = (area: string): boolean => {
  if (only.length > 0) return only.includes(area);
  const variable = ON_REQUEST[area];
  return variable === undefined || Boolean(process.env[variable]);
};
let missed = 0;
for (const [area, load] of suites) {
  if (!wanted(area)) continue;
  const suite = await load();
  for (const result of await suite.run()) {
    report(result);
    if (!(result.ratio <= result.target)) missed++;
  }
}
if (missed > 0) {
  console.error(`${missed} benchmark target(s) missed`);
  process.exitCode = 1;
}
