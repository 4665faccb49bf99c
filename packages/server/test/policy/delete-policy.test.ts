import { sql } from 'kysely';
import { beforeAll, expect, expectTypeOf, it } from 'vitest';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { label, project, task, team } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { flag, schemas, t } from '../lifecycle/lifecycle-router.js';

const router = t.router({
  teams: softDeleteProcedures({
    t,
    table: 'team',
    softDelete: flag,
    schemas,
    policy: 'hard-if-unreferenced',
  }),
  labels: softDeleteProcedures({
    t,
    table: 'label',
    softDelete: { column: 'deleted_at', kind: 'timestamp' },
    schemas,
    policy: 'hard',
  }),
  projects: softDeleteProcedures({ t, table: 'project', softDelete: flag, schemas }),
  tasks: softDeleteProcedures({ t, table: 'task', softDelete: flag, schemas, policy: 'none' }),
});

it('the router type follows the policy: no restore where nothing can be soft-deleted', () => {
  expectTypeOf(router.labels).not.toHaveProperty('restore');
  expectTypeOf(router.labels).not.toHaveProperty('bulkRestore');
  expectTypeOf(router.tasks).not.toHaveProperty('restore');
  expectTypeOf(router.projects).toHaveProperty('restore');
  expectTypeOf(router.teams).toHaveProperty('bulkRestore');
  expect(
    Object.keys(router._def.procedures)
      .filter((k) => k.endsWith('estore'))
      .sort(),
  ).toEqual(['projects.bulkRestore', 'projects.restore', 'teams.bulkRestore', 'teams.restore']);
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
    const free = await label(h.db, 'free');
    const used = await label(h.db, 'used');
    const other = await label(h.db, 'other');
    await project(h.db, await team(h.db, 'a'), 'p', used);
    await caller().labels.delete({ id: free });
    expect(await count('label', sql`id = ${free}`)).toBe(0);
    await expect(caller().labels.delete({ id: used })).rejects.toMatchObject({ code: 'CONFLICT' });
    const result = await caller().labels.bulkDelete({ ids: [used, other, 9999] });
    expect(result.success.details).toEqual([other]);
    expect(new Map(result.errors.details.map((e) => [e.id, e.code]))).toEqual(
      new Map<number, string>([
        [9999, 'NOT_FOUND'],
        [used, 'CONFLICT'],
      ]),
    );
    expect(await count('label')).toBe(1);
    expect(await count('tombstone_deletion')).toBe(0);
  });

  it('hard: a soft-deleted row under a legal hold is not hard-deleted (CONFLICT)', async () => {
    const held = await label(h.db, 'held');
    const { softDeleteRows } = await import('../../src/cascade/soft-delete-rows.js');
    const outcome = await softDeleteRows(h.db, tombstone.graph, {
      table: 'label',
      ids: [held],
      actorId: null,
    });
    await sql`insert into tombstone_hold (batch_id, reason) values (${outcome.batchId}::uuid, 'litigation')`.execute(
      h.db,
    );
    await expect(caller().labels.delete({ id: held })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('legal hold'),
    });
    expect(await count('label', sql`id = ${held}`)).toBe(1);
  });

  it('hard-if-unreferenced: unreferenced rows go for good, referenced ones are soft-deleted with their cascade', async () => {
    const lonely = await team(h.db, 'lonely');
    const writer = await team(h.db, 'writer');
    const p = await project(h.db, writer, 'p');
    await task(h.db, p, null);
    const result = await caller().teams.bulkDelete({ ids: [lonely, writer] });
    expect([...result.success.details].sort()).toEqual([lonely, writer].sort());
    expect(await count('team', sql`id = ${lonely}`)).toBe(0);
    expect(await count('team', sql`id = ${writer} and is_deleted`)).toBe(1);
    expect(await count('project', sql`is_deleted`)).toBe(1);
    expect(await count('task', sql`is_deleted`)).toBe(1);
    await caller().teams.restore({ id: writer });
    expect(await count('task', sql`is_deleted`)).toBe(0);
  });

  it('none: deletes are refused with FORBIDDEN and change nothing', async () => {
    const c = await task(h.db, await project(h.db, await team(h.db, 'a'), 'p'), null);
    await expect(caller().tasks.delete({ id: c })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: `Rows of "task" cannot be deleted: its delete policy is 'none'.`,
    });
    await expect(caller().tasks.bulkDelete({ ids: [c] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller().tasks.hardDelete({ id: c })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await count('task', sql`not is_deleted`)).toBe(1);
  });
});

it('the OpenAPI document (and so the REST routes and the SDK) has no restore for hard and none tables', async () => {
  const { openApiDocument } = await import('../../src/http/openapi/openapi-document.js');
  const paths = Object.keys(openApiDocument(router).paths as Record<string, unknown>).join('\n');
  expect(paths).toMatch(/projects.*restore/);
  expect(paths).toMatch(/teams.*restore/);
  expect(paths).not.toMatch(/labels.*restore/);
  expect(paths).not.toMatch(/tasks.*restore/);
});
