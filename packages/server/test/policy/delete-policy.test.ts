import { initTRPC } from '@trpc/server';
import { sql } from 'kysely';
import { beforeAll, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { article, author, category, comment } from '../cascade/fixtures.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import type { LifecycleContext } from '../lifecycle/lifecycle-router.js';

const t = initTRPC.context<LifecycleContext>().create();
const schemas = {
  row: z.looseObject({ id: z.number() }),
  create: z.looseObject({}),
  patch: z.looseObject({}),
  filter: z.strictObject({}),
};
const flag = { column: 'is_deleted', kind: 'boolean' } as const;
const router = t.router({
  authors: softDeleteProcedures({
    t,
    table: 'author',
    softDelete: flag,
    schemas,
    policy: 'hard-if-unreferenced',
  }),
  categories: softDeleteProcedures({
    t,
    table: 'category',
    softDelete: { column: 'deleted_at', kind: 'timestamp' },
    schemas,
    policy: 'hard',
  }),
  articles: softDeleteProcedures({ t, table: 'article', softDelete: flag, schemas }),
  comments: softDeleteProcedures({ t, table: 'comment', softDelete: flag, schemas, policy: 'none' }),
});

it('the router type follows the policy: no restore where nothing can be soft-deleted', () => {
  expectTypeOf(router.categories).not.toHaveProperty('restore');
  expectTypeOf(router.categories).not.toHaveProperty('bulkRestore');
  expectTypeOf(router.comments).not.toHaveProperty('restore');
  expectTypeOf(router.articles).toHaveProperty('restore');
  expectTypeOf(router.authors).toHaveProperty('bulkRestore');
  expect(
    Object.keys(router._def.procedures)
      .filter((k) => k.endsWith('estore'))
      .sort(),
  ).toEqual(['articles.bulkRestore', 'articles.restore', 'authors.bulkRestore', 'authors.restore']);
});

describeEachDialect('delete policies', (h) => {
  let tombstone: Tombstone;
  const caller = () => router.createCaller({ db: h.db, tombstone });
  beforeAll(async () => {
    tombstone = await createTombstone(h.db, router, { logger: { warn: () => {} } });
  });
  const count = async (table: string, where = sql`true`) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(
        h.db,
      )
    ).rows[0]?.n;

  it('hard: delete is a real DELETE, bulk reports missing and refused ids', async () => {
    const free = await category(h.db, 'free');
    const used = await category(h.db, 'used');
    const other = await category(h.db, 'other');
    await article(h.db, await author(h.db, 'a@x'), 'p', used);
    await caller().categories.delete({ id: free });
    expect(await count('category', sql`id = ${free}`)).toBe(0);
    await expect(caller().categories.delete({ id: used })).rejects.toMatchObject({ code: 'CONFLICT' });
    const result = await caller().categories.bulkDelete({ ids: [used, other, 9999] });
    expect(result.success.details).toEqual([other]);
    expect(new Map(result.errors.details.map((e) => [e.id, e.code]))).toEqual(
      new Map<number, string>([
        [9999, 'NOT_FOUND'],
        [used, 'CONFLICT'],
      ]),
    );
    expect(await count('category')).toBe(1);
    expect(await count('tombstone_deletion')).toBe(0);
  });

  it('hard: a soft-deleted row under a legal hold is not hard-deleted (CONFLICT)', async () => {
    const held = await category(h.db, 'held');
    const { softDeleteRows } = await import('../../src/cascade/soft-delete-rows.js');
    const outcome = await softDeleteRows(h.db, tombstone.graph, {
      table: 'category',
      ids: [held],
      actorId: null,
    });
    await sql`insert into tombstone_hold (batch_id, reason) values (${outcome.batchId}::uuid, 'litigation')`.execute(
      h.db,
    );
    await expect(caller().categories.delete({ id: held })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('legal hold'),
    });
    expect(await count('category', sql`id = ${held}`)).toBe(1);
  });

  it('hard-if-unreferenced: unreferenced rows go for good, referenced ones are soft-deleted with their cascade', async () => {
    const lonely = await author(h.db, 'lonely@x');
    const writer = await author(h.db, 'writer@x');
    const p = await article(h.db, writer, 'p');
    await comment(h.db, p, null);
    const result = await caller().authors.bulkDelete({ ids: [lonely, writer] });
    expect([...result.success.details].sort()).toEqual([lonely, writer].sort());
    expect(await count('author', sql`id = ${lonely}`)).toBe(0);
    expect(await count('author', sql`id = ${writer} and is_deleted`)).toBe(1);
    expect(await count('article', sql`is_deleted`)).toBe(1);
    expect(await count('comment', sql`is_deleted`)).toBe(1);
    await caller().authors.restore({ id: writer });
    expect(await count('comment', sql`is_deleted`)).toBe(0);
  });

  it('none: deletes are refused with FORBIDDEN and change nothing', async () => {
    const c = await comment(h.db, await article(h.db, await author(h.db, 'a@x'), 'p'), null);
    await expect(caller().comments.delete({ id: c })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: `Rows of "comment" cannot be deleted: its delete policy is 'none'.`,
    });
    await expect(caller().comments.bulkDelete({ ids: [c] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller().comments.hardDelete({ id: c })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await count('comment', sql`not is_deleted`)).toBe(1);
  });
});

it('the OpenAPI document (and so the REST routes and the SDK) has no restore for hard and none tables', async () => {
  const { openApiDocument } = await import('../../src/http/openapi/openapi-document.js');
  const paths = Object.keys(openApiDocument(router).paths as Record<string, unknown>).join('\n');
  expect(paths).toMatch(/articles.*restore/);
  expect(paths).toMatch(/authors.*restore/);
  expect(paths).not.toMatch(/categories.*restore/);
  expect(paths).not.toMatch(/comments.*restore/);
});
