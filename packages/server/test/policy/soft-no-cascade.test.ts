import { sql } from 'kysely';
import { beforeAll, expect, expectTypeOf, it } from 'vitest';
import { purgeDeleted } from '../../src/cascade/purge-deleted.js';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { label, project, task, team } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { flag, type Recorded, recordingHooks, schemas, t } from '../lifecycle/lifecycle-router.js';

const router = t.router({
  teams: softDeleteProcedures({ t, table: 'team', softDelete: flag, schemas, policy: 'soft-no-cascade' }),
  labels: softDeleteProcedures({
    t,
    table: 'label',
    softDelete: { column: 'deleted_at', kind: 'timestamp' },
    schemas,
    policy: 'soft-no-cascade',
  }),
  projects: softDeleteProcedures({ t, table: 'project', softDelete: flag, schemas }),
  tasks: softDeleteProcedures({ t, table: 'task', softDelete: flag, schemas }),
});

it('soft-no-cascade keeps restore in the router type, the routes and the OpenAPI document, which says children stay', async () => {
  expectTypeOf(router.teams).toHaveProperty('restore');
  expectTypeOf(router.teams).toHaveProperty('bulkRestore');
  const { openApiDocument } = await import('../../src/http/openapi/openapi-document.js');
  const paths = openApiDocument(router).paths as Record<string, Record<string, { summary: string }>>;
  const summaries = Object.values(paths).flatMap((p) => Object.values(p).map((o) => o.summary));
  expect(summaries).toContain(
    'Soft-delete a row only: its CASCADE children stay live (policy soft-no-cascade; idempotent)',
  );
  expect(Object.keys(paths).some((p) => /teams.*restore/.test(p))).toBe(true);
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
        table === 'label' ? 'deleted_at is not null' : 'is_deleted',
      )} order by id`.execute(h.db)
    ).rows.map((r) => r.id);

  it('soft-deletes the row only: CASCADE children stay live, the audit batch and the hooks hold the row alone', async () => {
    calls.length = 0;
    const a = await team(h.db, 'a');
    const p = await project(h.db, a, 'p');
    await task(h.db, p, a);
    const preview = await caller().teams.previewDelete({ ids: [a] });
    expect(preview.deletes.map((d) => [d.table, d.count])).toEqual([['team', 1]]);

    await caller().teams.delete({ id: a });
    expect([await deleted('team'), await deleted('project'), await deleted('task')]).toEqual([[a], [], []]);
    const audit = await sql<{ table_name: string; row_ids: string[] }>`
      select table_name, row_ids from tombstone_deletion`.execute(h.db);
    expect(audit.rows).toEqual([{ table_name: 'team', row_ids: [String(a)] }]);
    expect(calls.map((c) => [c.hook, c.table, c.cause])).toEqual([
      ['global.beforeDelete', 'team', 'direct'],
      ['global.afterDelete', 'team', 'direct'],
    ]);
    // The live child still answers by id; the deleted parent does not.
    await expect(caller().projects.get({ id: p })).resolves.toMatchObject({ id: p });
    await expect(caller().teams.get({ id: a })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // The purge keeps the parent while a live CASCADE child references it.
    const purge = await purgeDeleted(h.db, tombstone.graph, { olderThan: new Date(Date.now() + 60_000) });
    expect(purge.tables.team).toBe(0);
    expect(purge.kept.team).toBe(1);

    await caller().teams.restore({ id: a });
    expect([await deleted('team'), await deleted('project')]).toEqual([[], []]);
  });

  it('a live row behind a RESTRICT key still refuses the delete (CONFLICT, nothing changes)', async () => {
    const used = await label(h.db, 'used');
    const free = await label(h.db, 'free');
    await project(h.db, await team(h.db, 'a'), 'p', used);
    await expect(caller().labels.delete({ id: used })).rejects.toMatchObject({ code: 'CONFLICT' });
    const result = await caller().labels.bulkDelete({ ids: [used, free] });
    expect(result.success.details).toEqual([free]);
    expect(await deleted('label')).toEqual([free]);
  });
});
