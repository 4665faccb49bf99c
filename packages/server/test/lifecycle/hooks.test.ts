import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createTombstone } from '../../src/procedures/tombstone.js';
import { article, author, comment } from '../cascade/fixtures.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { lifecycleRouter, type Recorded, recordingHooks } from './lifecycle-router.js';

const quiet = { warn: () => {} };

describeEachDialect('lifecycle hooks', (h) => {
  async function setup(options: { failBefore?: boolean } = {}) {
    const calls: Recorded[] = [];
    const router = lifecycleRouter({
      author: recordingHooks(calls, 'author'),
      comment: {
        ...recordingHooks(calls, 'comment'),
        ...(options.failBefore
          ? {
              beforeDelete: () => {
                throw new Error('comments are kept');
              },
            }
          : {}),
      },
    });
    const tombstone = await createTombstone(h.db, router, {
      logger: quiet,
      hooks: recordingHooks(calls, 'global'),
    });
    return { calls, caller: router.createCaller({ db: h.db, tombstone }) };
  }

  async function fixture() {
    const a = await author(h.db, 'a@x');
    const p = await article(h.db, a, 'p');
    const c1 = await comment(h.db, p, a);
    const c2 = await comment(h.db, p, a);
    return { a, p, c1, c2 };
  }

  it('calls each hook once per statement, direct and cascaded, with batch, parent and actor', async () => {
    const { calls, caller } = await setup();
    const { a, p, c1, c2 } = await fixture();
    await caller.authors.delete({ id: a });
    const deletes = calls.filter((c) => c.hook.endsWith('Delete'));
    expect(deletes.map((c) => `${c.hook}:${c.table}:${c.cause}`)).toEqual([
      'author.beforeDelete:author:direct',
      'global.beforeDelete:author:direct',
      'global.beforeDelete:article:cascade',
      'comment.beforeDelete:comment:cascade',
      'global.beforeDelete:comment:cascade',
      'author.afterDelete:author:direct',
      'global.afterDelete:author:direct',
      'global.afterDelete:article:cascade',
      'comment.afterDelete:comment:cascade',
      'global.afterDelete:comment:cascade',
    ]);
    const batch = deletes[0]?.batchId;
    expect(new Set(deletes.map((c) => c.batchId))).toEqual(new Set([batch]));
    const audit = await sql<{ batch_id: string }>`select batch_id::text from tombstone_deletion`.execute(
      h.db,
    );
    expect(audit.rows.every((r) => r.batch_id === batch)).toBe(true);
    const onComments = deletes.find((c) => c.hook === 'comment.afterDelete');
    expect([...(onComments?.ids ?? [])].sort()).toEqual([c1, c2].sort());
    expect(onComments?.parent).toEqual({ table: 'article', ids: [p] });
    expect(onComments?.actorId).toBe(7);

    calls.length = 0;
    await caller.authors.restore({ id: a });
    expect(calls.map((c) => `${c.hook}:${c.table}:${c.cause}`)).toEqual([
      'author.afterRestore:author:direct',
      'global.afterRestore:author:direct',
      'global.afterRestore:article:cascade',
      'comment.afterRestore:comment:cascade',
      'global.afterRestore:comment:cascade',
    ]);
  });

  it('a throwing beforeDelete aborts the whole operation and changes nothing', async () => {
    const { calls, caller } = await setup({ failBefore: true });
    const { a } = await fixture();
    const before = await sql`select id, is_deleted from article order by id`.execute(h.db);
    await expect(caller.authors.delete({ id: a })).rejects.toThrow('comments are kept');
    await expect(caller.authors.bulkDelete({ ids: [a] })).rejects.toThrow('comments are kept');
    expect(calls.some((c) => c.hook.includes('after'))).toBe(false);
    const flagged = await sql<{ n: number }>`
      select (select count(*) from author where is_deleted)::int + (select count(*) from article where is_deleted)::int
           + (select count(*) from comment where is_deleted)::int as n`.execute(h.db);
    expect(flagged.rows[0]?.n).toBe(0);
    expect((await sql`select * from tombstone_deletion`.execute(h.db)).rows).toEqual([]);
    expect((await sql`select id, is_deleted from article order by id`.execute(h.db)).rows).toEqual(
      before.rows,
    );
  });

  it('bulk deletes and hard deletes call the hooks per statement too', async () => {
    const { calls, caller } = await setup();
    const a = await author(h.db, 'a@x');
    const b = await author(h.db, 'b@x');
    await caller.authors.bulkDelete({ ids: [a, b] });
    const after = calls.filter((c) => c.hook === 'author.afterDelete');
    expect(after).toHaveLength(1);
    expect([...(after[0]?.ids ?? [])].sort()).toEqual([a, b].sort());
    await caller.authors.hardDelete({ id: a });
    expect(calls.filter((c) => c.hook === 'author.afterHardDelete').map((c) => c.ids)).toEqual([[a]]);
    expect((await sql`select id from author where id = ${a}`.execute(h.db)).rows).toEqual([]);
  });

  it('the retention purge calls afterPurge per chunk, in the chunk transaction', async () => {
    const { calls, caller } = await setup();
    const { a, p, c1, c2 } = await fixture();
    await caller.authors.delete({ id: a });
    calls.length = 0;
    const { purgeDeleted } = await import('../../src/cascade/purge-deleted.js');
    const tombstone = await createTombstone(h.db, lifecycleRouter({}), {
      logger: quiet,
      hooks: recordingHooks(calls, 'global'),
    });
    const result = await purgeDeleted(h.db, tombstone.graph, {
      olderThan: new Date(Date.now() + 60_000),
      lifecycle: tombstone.lifecycle,
    });
    expect(result.total).toBe(4);
    const purged = calls.filter((c) => c.hook === 'global.afterPurge');
    expect(purged.map((c) => [c.table, [...c.ids].sort()])).toEqual([
      ['comment', [c1, c2].sort()],
      ['article', [p]],
      ['author', [a]],
    ]);
  });
});
