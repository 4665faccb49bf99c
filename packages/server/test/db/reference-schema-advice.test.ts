import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { adviseSchema } from '../../src/advisor/advise-schema.js';
import { loadRelationGraph } from '../../src/cascade/load-relation-graph.js';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import type { Database } from '../../src/reference/db/database.js';
import { migrations } from '../../src/reference/db/migrations/index.js';
import { softDeleteTables } from '../../src/reference/routers/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

describeEachDialect<Database>(
  'the reference schema and the schema advisor',
  (h) => {
    it('has no findings: its updated_at triggers skip the soft-delete UPDATE (migration 0004)', async () => {
      expect(await adviseSchema(h.db, { tables: softDeleteTables })).toEqual([]);
    });

    it('a soft delete and its restore leave updated_at alone; an edit still bumps it', async () => {
      const { id: a } = await h.db
        .insertInto('author')
        .values({ name: 'a', email: 'a@x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const stamp = async () =>
        (
          await sql<{
            year: number;
          }>`select extract(year from updated_at)::int as year from author where id = ${a}`.execute(h.db)
        ).rows[0]?.year;
      // An old stamp, set with the trigger off (it would stamp now()).
      await sql`alter table author disable trigger author_set_updated_at`.execute(h.db);
      await sql`update author set updated_at = '2000-01-01T00:00:00Z' where id = ${a}`.execute(h.db);
      await sql`alter table author enable trigger author_set_updated_at`.execute(h.db);
      const graph = await loadRelationGraph(h.db, softDeleteTables);
      await softDeleteRows(h.db, graph, { table: 'author', ids: [a], actorId: null });
      expect(await stamp()).toBe(2000);
      await sql`update author set is_deleted = false where id = ${a}`.execute(h.db);
      expect(await stamp()).toBe(2000);
      await sql`update author set name = 'b' where id = ${a}`.execute(h.db);
      expect(await stamp()).toBeGreaterThan(2000);
    });
  },
  { migrations },
);
