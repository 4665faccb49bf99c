import { expect, it } from 'vitest';
import { describeContract } from '../helpers/contract-server.js';
import { deletedIds, deletedState, snapshot } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';

describeContract('admin.trash batches', (ctx) => {
  const trash = () => ctx.as.admin.admin.trash;

  it('lists one batch per delete call, newest first, with counts and the direct ids', async () => {
    const [a1, a2] = ctx.demo.articles.bob as [number, number];
    await ctx.as.bob.articles.delete.mutate({ id: a1 });
    await ctx.as.admin.articles.bulkDelete.mutate({ ids: [a2] });
    const page = await trash().batches.query({});
    expect(page.items.map((b) => b.ids)).toEqual([[a2], [a1]]);
    const [second, first] = page.items as [(typeof page.items)[0], (typeof page.items)[0]];
    expect(first).toMatchObject({ table: 'article', actorId: ctx.demo.authors.bob, held: false });
    expect(second.actorId).toBe(ctx.demo.authors.admin);
    expect(first.counts).toEqual({
      article: 1,
      ...((ctx.demo.commentsOf[a1] ?? []).length > 0 ? { comment: ctx.demo.commentsOf[a1]?.length } : {}),
    });
  });

  it('paginates with a keyset cursor and filters by table and person', async () => {
    const articles = ctx.demo.articles.bob;
    for (const id of articles) await ctx.as.bob.articles.delete.mutate({ id });
    const [comment] = ctx.demo.comments.alice as [number];
    await ctx.as.admin.comments.delete.mutate({ id: comment }).catch(() => undefined);
    const all: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await trash().batches.query({ limit: 1, table: 'article', ...(cursor ? { cursor } : {}) });
      all.push(...page.items.map((b) => b.ids[0]));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toEqual([...articles].reverse());
    const byBob = await trash().batches.query({ actorId: ctx.demo.authors.bob, limit: 100 });
    expect(byBob.items.every((b) => b.actorId === ctx.demo.authors.bob)).toBe(true);
    expect(byBob.items.length).toBe(articles.length);
    await expectError(trash().batches.query({ cursor: 'nonsense!' }), 'BAD_REQUEST', { zodError: false });
  });

  it('opens a batch as a tree, with its rows on demand', async () => {
    const alice = ctx.demo.authors.alice;
    await ctx.as.admin.authors.delete.mutate({ id: alice });
    const [batch] = (await trash().batches.query({})).items;
    if (!batch) throw new Error('no batch');
    const tree = await trash().batch.query({ batchId: batch.batchId });
    expect(tree.nodes[0]).toEqual({ table: 'author', parentTable: null, count: 1 });
    const articleNode = tree.nodes.find((n) => n.table === 'article');
    expect(articleNode).toEqual({
      table: 'article',
      parentTable: 'author',
      count: ctx.demo.articles.alice.length,
    });
    const rows = await trash().batchRows.query({ batchId: batch.batchId, table: 'article', limit: 1 });
    expect(rows.items[0]).toEqual({
      rowId: ctx.demo.articles.alice[0],
      parentTable: 'author',
      parentId: alice,
    });
    expect(rows.nextCursor === null).toBe(ctx.demo.articles.alice.length === 1);
  });

  it('restoreBatch restores exactly that batch, not rows deleted separately', async () => {
    const [a1] = ctx.demo.articles.bob as [number];
    const comments = ctx.demo.commentsOf[a1] ?? [];
    const [own] = ctx.demo.comments.admin.filter((c) => !comments.includes(c));
    // A comment deleted on its own before: it must stay deleted.
    if (own !== undefined) await ctx.as.admin.comments.delete.mutate({ id: own });
    await ctx.as.bob.articles.delete.mutate({ id: a1 });
    const [batch] = (await trash().batches.query({ table: 'article' })).items;
    if (!batch) throw new Error('no batch');
    const result = await trash().restoreBatch.mutate({ batchId: batch.batchId });
    expect(result.restored).toEqual({
      article: 1,
      ...(comments.length > 0 ? { comment: comments.length } : {}),
    });
    expect(await deletedState(ctx.db, 'article', a1)).toBe(false);
    expect(await deletedIds(ctx.db, 'comment')).toEqual(own === undefined ? [] : [own]);
    expect((await trash().batches.query({ table: 'article' })).items).toEqual([]);
  });

  it('restoreBatch answers CONFLICT, explained, when a parent is deleted since', async () => {
    const [a1] = ctx.demo.articles.alice as [number];
    await ctx.as.alice.articles.delete.mutate({ id: a1 });
    const [batch] = (await trash().batches.query({})).items;
    if (!batch) throw new Error('no batch');
    await ctx.as.admin.authors.delete.mutate({ id: ctx.demo.authors.alice });
    const before = await snapshot(ctx.db);
    const error = await expectError(trash().restoreBatch.mutate({ batchId: batch.batchId }), 'CONFLICT');
    expect(error.message).toMatch(/author/);
    expect(await snapshot(ctx.db)).toEqual(before);
  });

  it('is staff only', async () => {
    await expectError(ctx.as.alice.admin.trash.batches.query({}), 'FORBIDDEN');
    await expectError(
      ctx.as.alice.admin.trash.hold.mutate({ batchId: '00000000-0000-4000-8000-000000000000', reason: 'x' }),
      'FORBIDDEN',
    );
  });
});
