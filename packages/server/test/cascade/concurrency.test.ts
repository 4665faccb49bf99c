import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { restoreRows } from '../../src/cascade/restore-rows.js';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import { createDatabase } from '../../src/reference/db/create-database.js';
import type { Database } from '../../src/reference/db/database.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { authorTree, referenceGraph } from './fixtures.js';

describeEachDialect('cascade under concurrency', (t) => {
  /** Every invariant a consistent database keeps, as a list of violations. */
  async function violations(db: Kysely<Database>): Promise<string[]> {
    const { rows } = await sql<{ problem: string }>`
      select 'live article ' || a.id || ' under deleted author' as problem
        from article a join author p on p.id = a.author_id where not a.is_deleted and p.is_deleted
      union all
      select 'live comment ' || c.id || ' under deleted article'
        from comment c join article p on p.id = c.article_id where not c.is_deleted and p.is_deleted
      union all
      select 'deleted ' || x.t || ' ' || x.id || ' has ' || x.n || ' open audit rows'
        from (
          select 'author' as t, r.id, (select count(*) from tombstone_deletion d where d.table_name = 'author' and d.row_ids @> array[r.id::text] and not r.id::text = any(d.restored_ids)) as n, r.is_deleted from author r
          union all
          select 'article', r.id, (select count(*) from tombstone_deletion d where d.table_name = 'article' and d.row_ids @> array[r.id::text] and not r.id::text = any(d.restored_ids)), r.is_deleted from article r
          union all
          select 'comment', r.id, (select count(*) from tombstone_deletion d where d.table_name = 'comment' and d.row_ids @> array[r.id::text] and not r.id::text = any(d.restored_ids)), r.is_deleted from comment r
        ) x
        where (x.is_deleted and x.n <> 1) or (not x.is_deleted and x.n <> 0)
    `.execute(db);
    return rows.map((r) => r.problem);
  }

  it('overlapping deletes and restores of one tree from two connections end consistent, with conflicts only', async () => {
    const graph = await referenceGraph(t.db);
    const tree = await authorTree(t.db, 'ann@example.com', 4, 3);
    const other = t.test.url ? await createDatabase({ url: t.test.url, poolSize: 2 }) : t.db;
    const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    const article = (i: number) => tree.articleIds[i % tree.articleIds.length] as number;
    try {
      const one = async (db: Kysely<Database>, step: number) => {
        await db.transaction().execute(async (trx) => {
          const request = { ids: [], actorId: step };
          switch (step % 4) {
            case 0:
              await softDeleteRows(trx, graph, { ...request, table: 'author', ids: [tree.authorId] });
              break;
            case 1:
              await restoreRows(trx, graph, {
                ...request,
                table: 'article',
                ids: [article(step), article(step + 1)],
              });
              break;
            case 2:
              await softDeleteRows(trx, graph, {
                ...request,
                table: 'article',
                ids: [article(step + 1), article(step)],
              });
              break;
            default:
              await restoreRows(trx, graph, { ...request, table: 'author', ids: [tree.authorId] });
          }
          await pause();
        });
      };
      const run = async (db: Kysely<Database>, offset: number) => {
        for (let step = 0; step < 24; step++) await one(db, step + offset);
      };
      await Promise.all([run(t.db, 0), run(other, 1)]);
    } finally {
      if (other !== t.db) await other.destroy();
    }
    expect(await violations(t.db)).toEqual([]);
  }, 60_000);
});
