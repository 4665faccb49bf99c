/**
 * `npm run bench`: every benchmark of the server package. Each prints
 * `bench <area>.<name>: ratio <r> (target <= <t>)`; the process exits 1 if a target is missed.
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
  // Last: load tests on loopback, bounded (about 45 s; HTTP_BENCH_SECONDS / HTTP_BENCH_ROUNDS).
  ['http', () => import('./http.bench.js')],
];

const only = process.argv.slice(2);
let missed = 0;
for (const [area, load] of suites) {
  if (only.length > 0 && !only.includes(area)) continue;
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
