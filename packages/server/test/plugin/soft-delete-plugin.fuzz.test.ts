/**
 * Differential fuzz test: random queries (aliases, comma joins, inner/left/right/full and lateral
 * joins, subqueries in FROM/WHERE, EXISTS, CTEs, set operations, OR filters) over random data
 * with deleted rows, run twice: through the plugin on the base tables, and without the plugin on
 * views of the `live` schema that hold live rows only. The results must be the same.
 *
 * Replay a failure with the seed it prints: `FC_SEED=<seed> npx vitest run test/plugin`.
 * `FC_RUNS` sets the number of data sets (each runs {@link QUERIES_PER_WORLD} queries).
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/soft-delete-plugin.js';
import type { Database } from '../../src/reference/db/database.js';
import { softDeleteTables } from '../../src/reference/routers/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { sorted } from './fixture.js';
import {
  type AnyDb,
  build,
  createLiveViews,
  FUZZ_OPTIONS,
  insertWorld,
  query,
  WORLDS,
  world,
} from './fuzz-model.js';

const QUERIES_PER_WORLD = 5;

const plugin = softDeletePlugin<Database>({ tables: softDeleteTables });

describeEachDialect(
  'softDeletePlugin differential fuzz',
  (t) => {
    beforeAll(() => createLiveViews(t.db));
    it(`returns what live-row views return, for ${WORLDS * QUERIES_PER_WORLD} random queries`, async () => {
      const live = t.db.withoutPlugins().withSchema('live') as AnyDb;
      const filtered = t.db as AnyDb;
      await fc.assert(
        fc.asyncProperty(
          world,
          fc.array(query, { minLength: QUERIES_PER_WORLD, maxLength: QUERIES_PER_WORLD }),
          async (w, qs) => {
            await t.test.reset();
            await insertWorld(t.db, w);
            for (const q of qs) {
              const subject = build(filtered, q);
              const reference = build(live, q);
              const [got, want] = await Promise.all([subject.execute(), reference.execute()]);
              expect(
                sorted(got),
                `plugin: ${subject.compile().sql}\nviews:  ${reference.compile().sql}`,
              ).toEqual(sorted(want));
            }
          },
        ),
        FUZZ_OPTIONS,
      );
    }, 120_000);
  },
  { plugins: [plugin] },
);
