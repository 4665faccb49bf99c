import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { previewSoftDelete } from '../../src/cascade/preview-delete.js';
import type { RelationGraph } from '../../src/cascade/relation-graph.js';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import type { Database } from '../../src/reference/db/database.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { article, author, category, comment, deletedRows, referenceGraph } from './fixtures.js';

/** A random reference tree: authors → articles (some in a category) → comments, some deleted already. */
const treeArb = fc.record({
  categories: fc.integer({ min: 1, max: 3 }),
  authors: fc.array(
    fc.record({
      deleted: fc.boolean(),
      articles: fc.array(
        fc.record({
          category: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
          deleted: fc.boolean(),
          comments: fc.array(fc.boolean(), { maxLength: 3 }),
        }),
        { maxLength: 3 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  deletedCategory: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  target: fc.constantFrom('author', 'article', 'category'),
  pick: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
});

type Tree = typeof treeArb extends fc.Arbitrary<infer T> ? T : never;

async function build(db: Kysely<Database>, tree: Tree) {
  const ids: Record<'author' | 'article' | 'category', number[]> = { author: [], article: [], category: [] };
  for (let c = 0; c < tree.categories; c++) ids.category.push(await category(db, `c${c}-${Math.random()}`));
  let n = 0;
  for (const a of tree.authors) {
    const authorId = await author(db, `a${n++}-${Math.random()}@example.com`);
    ids.author.push(authorId);
    for (const ar of a.articles) {
      const cat = ar.category === null ? null : (ids.category[ar.category % ids.category.length] ?? null);
      const articleId = await article(db, authorId, `s${n++}-${Math.random()}`, cat);
      ids.article.push(articleId);
      for (const deleted of ar.comments) {
        const commentId = await comment(db, articleId, authorId);
        if (deleted)
          await db.updateTable('comment').set({ is_deleted: true }).where('id', '=', commentId).execute();
      }
      if (ar.deleted)
        await db.updateTable('article').set({ is_deleted: true }).where('id', '=', articleId).execute();
    }
    if (a.deleted)
      await db.updateTable('author').set({ is_deleted: true }).where('id', '=', authorId).execute();
  }
  return ids;
}

class Rollback extends Error {}

function newlyDeleted(before: Record<string, number[]>, after: Record<string, number[]>) {
  const counts: Record<string, number> = {};
  for (const [table, ids] of Object.entries(after)) {
    const added = ids.filter((id) => !(before[table] ?? []).includes(id)).length;
    if (added > 0) counts[table] = added;
  }
  return counts;
}

describeEachDialect('previewSoftDelete', (t) => {
  it('agrees with the real delete on random trees, and changes nothing', async () => {
    const graph: RelationGraph = await referenceGraph(t.db);
    await fc.assert(
      fc.asyncProperty(treeArb, async (tree) => {
        await t.db
          .transaction()
          .execute(async (trx) => {
            const ids = await build(trx, tree);
            if (tree.deletedCategory !== null) {
              const id = ids.category[tree.deletedCategory % ids.category.length] as number;
              await trx
                .updateTable('category')
                .set({ deleted_at: new Date() })
                .where('id', '=', id)
                .execute();
            }
            const pool = ids[tree.target];
            if (pool.length === 0) throw new Rollback();
            const requested = [...new Set(tree.pick.map((i) => pool[i % pool.length] as number))];
            const before = await deletedRows(trx);
            const preview = await previewSoftDelete(trx, graph, {
              table: tree.target,
              ids: requested,
              actorId: null,
            });
            expect(await deletedRows(trx)).toEqual(before);
            const outcome = await softDeleteRows(trx, graph, {
              table: tree.target,
              ids: requested,
              actorId: null,
            });
            const counts = Object.fromEntries(preview.deletes.map((d) => [d.table, d.count]));
            expect(counts).toEqual(newlyDeleted(before, await deletedRows(trx)));
            expect(preview.outcome.blocked.map((b) => b.id)).toEqual(outcome.blocked.map((b) => b.id));
            expect(preview.blocked.length > 0).toBe(outcome.blocked.length > 0);
            throw new Rollback();
          })
          .catch((error) => {
            if (!(error instanceof Rollback)) throw error;
          });
      }),
      { numRuns: 25 },
    );
  });
});
