import { initTRPC } from '@trpc/server';
import { sql } from 'kysely';
import { beforeAll, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { purgeDeleted } from '../../src/cascade/purge-deleted.js';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { article, author, category, comment } from '../cascade/fixtures.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { type LifecycleContext, type Recorded, recordingHooks } from '../lifecycle/lifecycle-router.js';

const t = initTRPC.context<LifecycleContext>().create();
const schemas = {
  row: z.looseObject({ id: z.number() }),
  create: z.looseObject({}),
  patch: z.looseObject({}),
  filter: z.strictObject({}),
};
const flag = { column: 'is_deleted', kind: 'boolean' } as const;
const router = t.router({
  authors: softDeleteProcedures({ t, table: 'author', softDelete: flag, schemas, policy: 'soft-no-cascade' }),
  categories: softDeleteProcedures({
    t,
    table: 'category',
    softDelete: { column: 'deleted_at', kind: 'timestamp' },
    schemas,
    policy: 'soft-no-cascade',
  }),
  articles: softDeleteProcedures({ t, table: 'article', softDelete: flag, schemas }),
  comments: softDeleteProcedures({ t, table: 'comment', softDelete: flag, schemas }),
});

it('soft-no-cascade keeps restore in the router type, the routes and the OpenAPI document, which says children stay', async () => {
  expectTypeOf(router.authors).toHaveProperty('restore');
  expectTypeOf(router.authors).toHaveProperty('bulkRestore');
  const { openApiDocument } = await import('../../src/http/openapi/openapi-document.js');
  const paths = openApiDocument(router).paths as Record<string, Record<string, { summary: string }>>;
  const summaries = Object.values(paths).flatMap((p) => Object.values(p).map((o) => o.summary));
  expect(summaries).toContain(
    'Soft-delete a row only: its CASCADE children stay live (policy soft-no-cascade; idempotent)',
  );
  expect(Object.keys(paths).some((p) => /authors.*restore/.test(p))).toBe(true);
});

describeEachDialect('delete policy soft-no-cascade', (h) => {
  let tombstone: Tombstone;
  const calls: Recorded[] = [];
  const caller = () => router.createCaller({ db: h.db, tombstone });
  beforeAll(async () => {
    tombstone = await createTombstone(h.db, router, {
      logger: { warn: () => {} },
      hooks: recordingHooks(calls, 'global'),
    });
  });
  const deleted = async (table: string) =>
    (
      await sql<{ id: number }>`select id from ${sql.table(table)} where ${sql.raw(
        table === 'category' ? 'deleted_at is not null' : 'is_deleted',
      )} order by id`.execute(h.db)
    ).rows.map((r) => r.id);

  it('soft-deletes the row only: CASCADE children stay live, the audit batch and the hooks hold the row alone', async () => {
    calls.length = 0;
    const a = await author(h.db, 'a@x');
    const p = await article(h.db, a, 'p');
    await comment(h.db, p, a);
    const preview = await caller().authors.previewDelete({ ids: [a] });
    expect(preview.deletes.map((d) => [d.table, d.count])).toEqual([['author', 1]]);

    await caller().authors.delete({ id: a });
    expect([await deleted('author'), await deleted('article'), await deleted('comment')]).toEqual([
      [a],
      [],
      [],
    ]);
    const audit = await sql<{ table_name: string; row_ids: string[] }>`
      select table_name, row_ids from tombstone_deletion`.execute(h.db);
    expect(audit.rows).toEqual([{ table_name: 'author', row_ids: [String(a)] }]);
    expect(calls.map((c) => [c.hook, c.table, c.cause])).toEqual([
      ['global.beforeDelete', 'author', 'direct'],
      ['global.afterDelete', 'author', 'direct'],
    ]);
    // The live child still answers by id; the deleted parent does not.
    await expect(caller().articles.get({ id: p })).resolves.toMatchObject({ id: p });
    await expect(caller().authors.get({ id: a })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // The purge keeps the parent while a live CASCADE child references it.
    const purge = await purgeDeleted(h.db, tombstone.graph, { olderThan: new Date(Date.now() + 60_000) });
    expect(purge.tables.author).toBe(0);
    expect(purge.kept.author).toBe(1);

    await caller().authors.restore({ id: a });
    expect([await deleted('author'), await deleted('article')]).toEqual([[], []]);
  });

  it('a live row behind a RESTRICT key still refuses the delete (CONFLICT, nothing changes)', async () => {
    const used = await category(h.db, 'used');
    const free = await category(h.db, 'free');
    await article(h.db, await author(h.db, 'a@x'), 'p', used);
    await expect(caller().categories.delete({ id: used })).rejects.toMatchObject({ code: 'CONFLICT' });
    const result = await caller().categories.bulkDelete({ ids: [used, free] });
    expect(result.success.details).toEqual([free]);
    expect(await deleted('category')).toEqual([free]);
  });
});
