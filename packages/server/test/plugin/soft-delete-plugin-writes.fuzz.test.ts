/**
 * Differential fuzz test of writes: random `UPDATE … FROM` and `DELETE … USING` statements
 * (subqueries, CTEs, a CTE named like the target, schema-qualified and prebuilt sources, OR
 * filters and raw `sql` conditions with OR/AND/NOT in WHERE), with one of Kysely's plugins before
 * or after the soft-delete plugin, over random data with deleted rows, run twice, each in
 * a transaction that is rolled back: through the plugin in `rewriteDeletes` mode on the base
 * tables, and without the plugin on the auto-updatable views of the `live` schema. They must touch
 * the same rows: an UPDATE through a view reaches only its live rows, and a DELETE through it
 * removes exactly the live rows a soft-deleting rewrite flags.
 *
 * Replay a failure with the seed it prints: `FC_SEED=<seed> npx vitest run test/plugin`.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/soft-delete-plugin.js';
import type { Database } from '../fixtures/database.js';
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import {
  type AnyDb,
  buildWrite,
  createLiveViews,
  FUZZ_OPTIONS,
  FUZZ_TIMEOUT,
  insertWorld,
  PLUGIN_ORDERS,
  pluginOrder,
  WORLDS,
  type Write,
  withPluginOrder,
  world,
  write,
} from './fuzz-model.js';

const WRITES_PER_WORLD = 5;

const ROLLBACK = Symbol('rollback');

/** The ids `w` returns on `db`, with everything it changed rolled back. */
async function touchedIds(db: AnyDb, w: Write, schema: string): Promise<number[]> {
  let ids: number[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      const rows = (await buildWrite(trx, w, schema).execute()) as Array<{ id: number }>;
      ids = rows.map((r) => r.id).sort((a, b) => a - b);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return ids;
}

describeEachDialect('softDeletePlugin differential fuzz of writes', (t) => {
  beforeAll(() => createLiveViews(t.db));

  it(
    `touches what live-row views touch, for ${WORLDS * WRITES_PER_WORLD} random writes`,
    async () => {
      const live = t.db.withoutPlugins().withSchema('live') as AnyDb;
      const softDelete = softDeletePlugin<Database>({ tables: softDeleteTables, rewriteDeletes: true });
      // A real DELETE of a label that live projects reference is refused (RESTRICT); its soft
      // delete is not: that difference is the point of cascades, not of the plugin.
      const writes = fc.array(
        write.filter((w) => !(w.kind === 'delete' && w.table === 'label')),
        { minLength: WRITES_PER_WORLD, maxLength: WRITES_PER_WORLD },
      );
      await fc.assert(
        fc.asyncProperty(world, pluginOrder, writes, async (data, order, ws) => {
          await t.test.reset();
          await insertWorld(t.db, data);
          // Real row estimates keep PostgreSQL from JIT-compiling these tiny statements.
          await sql`analyze team, label, project, task`.execute(t.db);
          const rewriting = withPluginOrder(t.db, softDelete, order);
          for (const w of ws) {
            const got = await touchedIds(rewriting, w, 'public');
            const want = await touchedIds(live, w, 'live');
            expect(
              got,
              `plugins: ${PLUGIN_ORDERS[order]?.[0]}\nplugin: ${buildWrite(rewriting, w, 'public').compile().sql}\nviews:  ${buildWrite(live, w, 'live').compile().sql}`,
            ).toEqual(want);
          }
        }),
        FUZZ_OPTIONS,
      );
    },
    FUZZ_TIMEOUT,
  );
});
