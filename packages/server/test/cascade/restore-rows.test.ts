import { expect, it } from 'vitest';
import { restoreRows } from '../../src/cascade/restore-rows.js';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import {
  article,
  auditEntries,
  auditRows,
  author,
  authorTree,
  category,
  deletedRows,
  referenceGraph,
} from './fixtures.js';

describeEachDialect('restoreRows', (t) => {
  it('restores exactly what its delete took: a comment deleted separately before stays deleted', async () => {
    const graph = await referenceGraph(t.db);
    const tree = await authorTree(t.db, 'ann@example.com', 2, 2);
    const [separate, ...rest] = tree.commentIds;
    await softDeleteRows(t.db, graph, { table: 'comment', ids: [separate as number], actorId: 1 });
    await softDeleteRows(t.db, graph, { table: 'author', ids: [tree.authorId], actorId: 1 });
    // Deleted after the author (by cascade it is already deleted: this one is a no-op).
    await softDeleteRows(t.db, graph, { table: 'comment', ids: [rest[0] as number], actorId: 1 });

    const outcome = await restoreRows(t.db, graph, { table: 'author', ids: [tree.authorId], actorId: 9 });

    expect(outcome).toEqual({
      restored: [tree.authorId],
      alreadyLive: [],
      missing: [],
      conflicts: [],
      cascaded: { article: 2, comment: 3 },
    });
    expect(await deletedRows(t.db)).toEqual({ author: [], article: [], comment: [separate], category: [] });
    const audit = await auditRows(t.db);
    expect(audit.filter((a) => a.restored_at === null).map((a) => [a.table_name, a.row_id])).toEqual([
      ['comment', separate],
    ]);
    expect(audit.filter((a) => a.restored_at !== null).every((a) => a.restored_by === 9)).toBe(true);
  });

  it('restores a child only with its own subtree, not its siblings of the same batch', async () => {
    const graph = await referenceGraph(t.db);
    const tree = await authorTree(t.db, 'ann@example.com', 2, 1);
    await softDeleteRows(t.db, graph, { table: 'article', ids: tree.articleIds, actorId: 1 });

    const outcome = await restoreRows(t.db, graph, {
      table: 'article',
      ids: [tree.articleIds[0] as number],
      actorId: 1,
    });

    expect(outcome).toMatchObject({ restored: [tree.articleIds[0]], cascaded: { comment: 1 } });
    expect(await deletedRows(t.db)).toEqual({
      author: [],
      article: [tree.articleIds[1]],
      comment: [tree.commentIds[1]],
      category: [],
    });
    // The batch's entries stay open for the siblings; the restored rows join `restored_ids`.
    expect((await auditEntries(t.db)).map((e) => [e.table_name, e.restored_ids])).toEqual([
      ['article', [tree.articleIds[0]]],
      ['comment', [tree.commentIds[0]]],
    ]);
  });

  it('refuses to restore an article whose author is still deleted (CONFLICT) and changes nothing', async () => {
    const graph = await referenceGraph(t.db);
    const tree = await authorTree(t.db, 'ann@example.com', 1, 1);
    await softDeleteRows(t.db, graph, { table: 'author', ids: [tree.authorId], actorId: 1 });
    const before = await auditRows(t.db);
    const articleId = tree.articleIds[0] as number;

    const outcome = await restoreRows(t.db, graph, { table: 'article', ids: [articleId, 999], actorId: 1 });

    expect(outcome).toEqual({
      restored: [],
      alreadyLive: [],
      missing: [999],
      conflicts: [
        {
          id: articleId,
          reason: 'parent-deleted',
          message: `Cannot restore article ${articleId}: its author ${tree.authorId} is still deleted (CASCADE). Restore the author first.`,
        },
      ],
      cascaded: {},
    });
    expect(await auditRows(t.db)).toEqual(before);
    expect((await deletedRows(t.db)).article).toEqual([articleId]);
  });

  it('refuses a restore that would bring an article back under a deleted category (RESTRICT)', async () => {
    const graph = await referenceGraph(t.db);
    const ann = await author(t.db, 'ann@example.com');
    const news = await category(t.db, 'News');
    const a1 = await article(t.db, ann, 'a1', news);
    await softDeleteRows(t.db, graph, { table: 'author', ids: [ann], actorId: 1 });
    await softDeleteRows(t.db, graph, { table: 'category', ids: [news], actorId: 1 });

    const outcome = await restoreRows(t.db, graph, { table: 'author', ids: [ann], actorId: 1 });

    expect(outcome.conflicts).toEqual([
      expect.objectContaining({
        id: ann,
        reason: 'parent-deleted',
        message: expect.stringContaining(`category ${news}`),
      }),
    ]);
    expect(await deletedRows(t.db)).toEqual({ author: [ann], article: [a1], comment: [], category: [news] });
  });

  it('refuses a restore whose article slug a live article now holds (unique CONFLICT naming the column), others proceed', async () => {
    const graph = await referenceGraph(t.db);
    const ann = await authorTree(t.db, 'ann@example.com', 1, 1);
    const bob = await authorTree(t.db, 'bob@example.com', 1, 1);
    await softDeleteRows(t.db, graph, { table: 'author', ids: [ann.authorId, bob.authorId], actorId: 1 });
    const cid = await author(t.db, 'cid@example.com');
    await article(t.db, cid, 'ann-0'); // takes ann's slug

    const outcome = await restoreRows(t.db, graph, {
      table: 'author',
      ids: [ann.authorId, bob.authorId],
      actorId: 1,
    });

    expect(outcome.restored).toEqual([bob.authorId]);
    expect(outcome.conflicts).toEqual([
      {
        id: ann.authorId,
        reason: 'unique',
        message: expect.stringMatching(
          /^Cannot restore author \d+: a live row in "article" already has the same slug/,
        ),
      },
    ]);
    expect(outcome.cascaded).toEqual({ article: 1, comment: 1 });
    const deleted = await deletedRows(t.db);
    expect(deleted).toEqual({
      author: [ann.authorId],
      article: ann.articleIds,
      comment: ann.commentIds,
      category: [],
    });
  });

  it('reports live rows as already live and leaves them unchanged', async () => {
    const graph = await referenceGraph(t.db);
    const ann = await author(t.db, 'ann@example.com');
    const outcome = await restoreRows(t.db, graph, { table: 'author', ids: [ann], actorId: 1 });
    expect(outcome).toEqual({ restored: [], alreadyLive: [ann], missing: [], conflicts: [], cascaded: {} });
  });
});
