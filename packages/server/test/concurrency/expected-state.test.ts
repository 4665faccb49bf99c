import { initTRPC } from '@trpc/server';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { project, team } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import type { LifecycleContext } from '../lifecycle/lifecycle-router.js';

const t = initTRPC.context<LifecycleContext>().create();
const router = t.router({
  projects: softDeleteProcedures({
    t,
    table: 'project',
    softDelete: { column: 'is_deleted', kind: 'boolean' },
    schemas: {
      row: z.looseObject({ id: z.number() }),
      create: z.looseObject({}),
      patch: z.looseObject({}),
      filter: z.strictObject({}),
    },
    updatedAtColumn: 'updated_at',
  }),
});

describeEachDialect('optimistic concurrency (expected state)', (h) => {
  let tombstone: Tombstone;
  const caller = () => router.createCaller({ db: h.db, tombstone });
  beforeAll(async () => {
    tombstone = await createTombstone(h.db, router, { logger: { warn: () => {} } });
  });
  const state = async () =>
    (
      await sql<{ id: number; is_deleted: boolean }>`select id, is_deleted from project order by id`.execute(
        h.db,
      )
    ).rows.map((r) => [r.id, r.is_deleted]);
  const audits = async () => (await sql`select * from tombstone_deletion`.execute(h.db)).rows.length;

  it('a stale soft-delete state answers CONFLICT and changes nothing (single)', async () => {
    const a = await team(h.db, 'a');
    const p = await project(h.db, a, 'p');
    await caller().projects.delete({ id: p, expected: { deleted: false } });
    const before = [await state(), await audits()];
    await expect(caller().projects.delete({ id: p, expected: { deleted: false } })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('deleted meanwhile'),
    });
    await caller().projects.delete({ id: p }); // without `expected`: idempotent as before
    expect([await state(), await audits()]).toEqual(before);
    await expect(caller().projects.hardDelete({ id: p, expected: { deleted: false } })).rejects.toMatchObject(
      {
        code: 'CONFLICT',
      },
    );
    await caller().projects.restore({ id: p, expected: { deleted: true } });
    await expect(caller().projects.restore({ id: p, expected: { deleted: true } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await state()).toEqual([[p, false]]);
  });

  it('unmodifiedSince: rows changed after the instant answer CONFLICT per id in bulk, the others proceed', async () => {
    const a = await team(h.db, 'a');
    const p1 = await project(h.db, a, 'p1');
    const p2 = await project(h.db, a, 'p2');
    await new Promise((r) => setTimeout(r, 20));
    const seen = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await sql`update project set name = 'changed' where id = ${p2}`.execute(h.db);
    const result = await caller().projects.bulkDelete({ ids: [p1, p2], expected: { unmodifiedSince: seen } });
    expect(result.success.details).toEqual([p1]);
    expect(result.errors.details).toEqual([
      { id: p2, code: 'CONFLICT', message: expect.stringContaining(`after ${seen}`) },
    ]);
    expect(await state()).toEqual([
      [p1, true],
      [p2, false],
    ]);
    await expect(
      caller().projects.delete({ id: p2, expected: { unmodifiedSince: seen } }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const restored = await caller().projects.bulkRestore({ ids: [p1, p2], expected: { deleted: true } });
    expect(restored.success.details).toEqual([p1]);
    expect(restored.errors.details.map((e) => [e.id, e.code])).toEqual([[p2, 'CONFLICT']]);
  });
});
