import { expect, it } from 'vitest';
import { describeContract } from '../helpers/contract-server.js';
import { deletedState } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';

describeContract('legal hold', (ctx) => {
  const trash = () => ctx.as.admin.admin.trash;
  const future = () => new Date(Date.now() + 60_000).toISOString();

  async function deleteAndHold() {
    const [a1, a2] = ctx.demo.articles.bob as [number, number];
    await ctx.as.bob.articles.delete.mutate({ id: a1 });
    const [batch] = (await trash().batches.query({})).items;
    if (!batch) throw new Error('no batch');
    await trash().hold.mutate({ batchId: batch.batchId, reason: 'Case 42' });
    await ctx.as.bob.articles.delete.mutate({ id: a2 });
    return { held: a1, free: a2, batchId: batch.batchId };
  }

  it('held rows are never purged; the dry run and the purge report what they skipped', async () => {
    const { held, free, batchId } = await deleteAndHold();
    expect((await trash().batch.query({ batchId })).batch).toMatchObject({
      held: true,
      holdReason: 'Case 42',
    });
    const preview = await trash().purgePreview.query({ olderThan: future() });
    expect(preview.held.article).toBe(1);
    expect(preview.tables.article).toBe(1);
    const { purgeDeleted } = await import('@tombstone/server');
    const { createTombstone } = await import('@tombstone/server');
    const { appRouter } = await import('@tombstone/server/reference');
    const tombstone = await createTombstone(ctx.db, appRouter);
    const result = await purgeDeleted(ctx.db, tombstone.graph, { olderThan: new Date(Date.now() + 60_000) });
    expect(result.held.article).toBe(1);
    expect(await deletedState(ctx.db, 'article', held)).toBe(true);
    expect(await deletedState(ctx.db, 'article', free)).toBeUndefined();
  });

  it('hardDelete of a held row is CONFLICT naming the hold; release lifts it', async () => {
    const { held, batchId } = await deleteAndHold();
    const error = await expectError(ctx.as.admin.articles.hardDelete.mutate({ id: held }), 'CONFLICT');
    expect(error.message).toContain('Case 42');
    expect(await deletedState(ctx.db, 'article', held)).toBe(true);
    await trash().release.mutate({ batchId });
    await expectError(trash().release.mutate({ batchId }), 'NOT_FOUND');
    await ctx.as.admin.articles.hardDelete.mutate({ id: held });
    expect(await deletedState(ctx.db, 'article', held)).toBeUndefined();
  });

  it('hold of an unknown batch is NOT_FOUND', async () => {
    await expectError(
      trash().hold.mutate({ batchId: '00000000-0000-4000-8000-000000000000', reason: 'x' }),
      'NOT_FOUND',
    );
  });
});
