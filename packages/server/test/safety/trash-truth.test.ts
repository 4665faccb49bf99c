import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { purgeDeleted } from '../../src/cascade/purge-deleted.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import type { AuthUser } from '../../src/reference/context.js';
import { seedDemo } from '../../src/reference/db/seed.js';
import { appRouter } from '../../src/reference/routers/app-router.js';
import { trashViolations } from '../../src/testing/index.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

describeEachDialect('the trash is the truth: hard delete and purge close audit entries', (h) => {
  let tombstone: Tombstone;
  beforeAll(async () => {
    tombstone = await createTombstone(h.db, appRouter, { logger: { warn: () => {} } });
  });
  const caller = (user: AuthUser | null) =>
    appRouter.createCaller({ db: h.db, tombstone, user, hasToken: user !== null });

  async function setUp() {
    await seedDemo(h.db);
    const rows = await h.db.selectFrom('author').select(['id', 'name', 'is_staff']).execute();
    const of = (name: string) => {
      const row = rows.find((r) => r.name === name);
      if (!row) throw new Error(name);
      return { id: row.id, isStaff: row.is_staff };
    };
    const alice = of('alice');
    const article = await h.db
      .selectFrom('article')
      .select('id')
      .where('author_id', '=', alice.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    return { admin: of('admin'), alice, article: article.id };
  }

  it('hard-deleting a soft-deleted article takes it and its cascaded comments out of the trash', async () => {
    const { admin, article } = await setUp();
    await caller(admin).articles.delete({ id: article });
    expect((await caller(admin).admin.trash.list({ limit: 100 })).items.length).toBeGreaterThan(1);

    await caller(admin).articles.hardDelete({ id: article });
    expect((await caller(admin).admin.trash.list({ limit: 100 })).items).toEqual([]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from tombstone_deletion where open`.execute(h.db);
    expect(rows[0]?.n).toBe(0);
    expect(await trashViolations(h.db, tombstone.graph)).toEqual([]);
    // Restoring it is NOT_FOUND, and it never comes back to the trash.
    await expect(caller(admin).articles.restore({ id: article })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await caller(admin).admin.trash.list({})).items).toEqual([]);
  });

  it('hard-deleting a live author closes the entries of its children deleted earlier (ON DELETE CASCADE)', async () => {
    const { admin, alice, article } = await setUp();
    await caller(admin).articles.delete({ id: article });
    const other = await h.db
      .selectFrom('article')
      .select('id')
      .where('author_id', '=', alice.id)
      .where('id', '<>', article)
      .executeTakeFirstOrThrow();
    const keptComment = await h.db
      .selectFrom('comment')
      .select('id')
      .where('article_id', '<>', article)
      .where('article_id', '<>', other.id)
      .executeTakeFirstOrThrow();
    await caller(admin).comments.delete({ id: keptComment.id });

    await caller(admin).authors.hardDelete({ id: alice.id });
    const left = (await caller(admin).admin.trash.list({ limit: 100 })).items;
    // Only the comment that was not alice's tree is still in the trash — unless it was on her article.
    const stillThere = await h.db
      .selectFrom('comment')
      .select('id')
      .where('id', '=', keptComment.id)
      .execute();
    expect(left.map((e) => e.rowId)).toEqual(stillThere.map((c) => c.id));
    expect(await trashViolations(h.db, tombstone.graph)).toEqual([]);
  });

  it('the purge leaves no entry open for a row it removed', async () => {
    const { admin, alice } = await setUp();
    await caller(admin).authors.delete({ id: alice.id });
    await sql`update tombstone_deletion set deleted_at = now() - interval '40 days'`.execute(h.db);
    const result = await purgeDeleted(h.db, tombstone.graph, {
      olderThan: new Date(Date.now() - 86_400_000),
    });
    expect(result.total).toBeGreaterThan(0);
    expect(await trashViolations(h.db, tombstone.graph)).toEqual([]);
    expect((await caller(admin).admin.trash.list({})).items).toEqual([]);
  });

  it('trashViolations reports a live row with an open entry and an entry whose row is gone', async () => {
    const { admin, article } = await setUp();
    await caller(admin).articles.delete({ id: article });
    // Break the invariant behind the library's back.
    await sql`update article set is_deleted = false where id = ${article}`.execute(h.db);
    const comment = await h.db
      .selectFrom('comment')
      .select('id')
      .where('article_id', '=', article)
      .executeTakeFirstOrThrow();
    await sql`delete from comment where id = ${comment.id}`.execute(h.db);
    const problems = await trashViolations(h.db, tombstone.graph);
    expect(problems).toEqual(
      expect.arrayContaining([
        { table: 'article', rowId: String(article), problem: 'live' },
        { table: 'comment', rowId: String(comment.id), problem: 'missing' },
      ]),
    );
  });
});
