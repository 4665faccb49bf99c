import { expect, it } from 'vitest';
import { describeContract } from '../helpers/contract-server.js';
import { deletedIds, deletedState } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';

describeContract('restore withAncestors', (ctx) => {
  it('restores the deleted parents a row needs instead of answering CONFLICT', async () => {
    const [article] = ctx.demo.articles.bob as [number];
    const [comment] = (ctx.demo.commentsOf[article] ?? []) as [number];
    // The comment deleted on its own first, then its article (which takes the other comments).
    await ctx.as.admin.comments.delete.mutate({ id: comment });
    await ctx.as.admin.articles.delete.mutate({ id: article });
    await expectError(ctx.as.admin.comments.restore.mutate({ id: comment }), 'CONFLICT');

    const restored = await ctx.as.admin.comments.restore.mutate({ id: comment, withAncestors: true });
    expect(restored.id).toBe(comment);
    expect(await deletedState(ctx.db, 'comment', comment)).toBe(false);
    expect(await deletedState(ctx.db, 'article', article)).toBe(false);
    // The article came back with exactly what its own delete took: all its comments.
    expect(await deletedIds(ctx.db, 'comment')).toEqual([]);
  });

  it('walks up the whole chain: comment → article → author', async () => {
    const alice = ctx.demo.authors.alice;
    const [article] = ctx.demo.articles.alice as [number];
    const [comment] = (ctx.demo.commentsOf[article] ?? []) as [number];
    await ctx.as.admin.comments.delete.mutate({ id: comment });
    await ctx.as.admin.articles.delete.mutate({ id: article });
    await ctx.as.admin.authors.delete.mutate({ id: alice });
    await ctx.as.admin.comments.restore.mutate({ id: comment, withAncestors: true });
    expect(await deletedState(ctx.db, 'author', alice)).toBe(false);
    expect(await deletedState(ctx.db, 'article', article)).toBe(false);
    expect(await deletedState(ctx.db, 'comment', comment)).toBe(false);
  });

  it('is staff only, like restore', async () => {
    const [article] = ctx.demo.articles.bob as [number];
    await ctx.as.bob.articles.delete.mutate({ id: article });
    await expectError(ctx.as.bob.articles.restore.mutate({ id: article, withAncestors: true }), 'FORBIDDEN');
  });
});
