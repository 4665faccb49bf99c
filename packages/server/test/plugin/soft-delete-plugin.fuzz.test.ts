/**
 * Differential fuzz test: random queries (aliases, bare and schema-qualified names, comma joins,
 * inner/left/right/full and lateral joins, subqueries in FROM/WHERE, prebuilt derived tables,
 * EXISTS, CTEs, set operations, OR filters, raw `sql` conditions with OR/AND/NOT in WHERE and ON,
 * `withSchema`) over random data with deleted rows, run twice: through the plugin on the base
 * tables, with one of Kysely's plugins before or after it, and without any plugin on views of the
 * `live` schema that hold live rows only. The results must be the same.
 *
 * Replay a failure with the seed it prints: `FC_SEED=<seed> npx vitest run test/plugin`.
 * `FC_RUNS` sets the number of data sets (each runs {@link QUERIES_PER_WORLD} queries).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/soft-delete-plugin.js';
import type { Database } from '../fixtures/database.js';
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { sorted } from './fixture.js';
import {
  type AnyDb,
  build,
  createLiveViews,
  FUZZ_OPTIONS,
  FUZZ_TIMEOUT,
  insertWorld,
  PLUGIN_ORDERS,
  pluginOrder,
  query,
  WORLDS,
  withPluginOrder,
  world,
} from './fuzz-model.js';

const QUERIES_PER_WORLD = 5;

const plugin = softDeletePlugin<Database>({ tables: softDeleteTables });

describeEachDialect(
  'softDeletePlugin differential fuzz',
  (t) => {
    beforeAll(() => createLiveViews(t.db));
    it(
      `returns what live-row views return, for ${WORLDS * QUERIES_PER_WORLD} random queries`,
      async () => {
        const live = t.db.withoutPlugins().withSchema('live') as AnyDb;
        await fc.assert(
          fc.asyncProperty(
            world,
            pluginOrder,
            fc.array(query, { minLength: QUERIES_PER_WORLD, maxLength: QUERIES_PER_WORLD }),
            async (w, order, qs) => {
              await t.test.reset();
              await insertWorld(t.db, w);
              // Row estimates of a few rows, not PostgreSQL's defaults for never-analysed tables: the
              // planner then never reaches for JIT compilation, which costs more than these queries.
              await sql`analyze team, label, project, task`.execute(t.db);
              const filtered = withPluginOrder(t.db, plugin, order);
              for (const q of qs) {
                const subject = build(filtered, q, 'public');
                const reference = build(live, q, 'live');
                const [got, want] = await Promise.all([subject.execute(), reference.execute()]);
                expect(
                  sorted(got),
                  `plugins: ${PLUGIN_ORDERS[order]?.[0]}\nplugin: ${subject.compile().sql}\nviews:  ${reference.compile().sql}`,
                ).toEqual(sorted(want));
              }
            },
          ),
          FUZZ_OPTIONS,
        );
      },
      FUZZ_TIMEOUT,
    );
  },
  { plugins: [plugin] },
);
