import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { purgeDeleted } from '../../src/cascade/purge-deleted.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { trashViolations } from '../../src/testing/index.js';
import { seedTracker } from '../fixtures/seed.js';
import { trackerCaller, trackerRouter } from '../fixtures/tracker-router.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

describeEachDialect('the trash is the truth: hard delete and purge close audit entries', (h) => {
  let tombstone: Tombstone;
  beforeAll(async () => {
    tombstone = await createTombstone(h.db, trackerRouter, { logger: { warn: () => {} } });
  });
  const caller = () => trackerCaller(h.db, tombstone);

  /** The seeded tracker: team ada, her first project, and the rows in the trash. */
  async function setUp() {
    await seedTracker(h.db);
    const ada = await h.db
      .selectFrom('team')
      .select('id')
      .where('handle', '=', 'ada')
      .executeTakeFirstOrThrow();
    const project = await h.db
      .selectFrom('project')
      .select('id')
      .where('team_id', '=', ada.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    return { ada: ada.id, project: project.id };
  }
  const trash = async () => (await caller().admin.trash.list({ limit: 100 })).items;

  it('hard-deleting a soft-deleted project takes it and its cascaded tasks out of the trash', async () => {
    const { project } = await setUp();
    await caller().projects.delete({ id: project });
    expect((await trash()).length).toBeGreaterThan(1);

    await caller().projects.hardDelete({ id: project });
    expect(await trash()).toEqual([]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from tombstone_deletion where open`.execute(h.db);
    expect(rows[0]?.n).toBe(0);
    expect(await h.db.selectFrom('task').select('id').where('project_id', '=', project).execute()).toEqual(
      [],
    );
    expect(await trashViolations(h.db, tombstone.graph)).toEqual([]);
    // Restoring it is NOT_FOUND, and it never comes back to the trash.
    await expect(caller().projects.restore({ id: project })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await trash()).toEqual([]);
  });

  it('hard-deleting a live team closes the entries of its children deleted earlier (ON DELETE CASCADE)', async () => {
    const { ada, project } = await setUp();
    await caller().projects.delete({ id: project });
    const other = await h.db
      .selectFrom('project')
      .select('id')
      .where('team_id', '=', ada)
      .where('id', '<>', project)
      .executeTakeFirstOrThrow();
    const keptTask = await h.db
      .selectFrom('task')
      .select('id')
      .where('project_id', '<>', project)
      .where('project_id', '<>', other.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await caller().tasks.delete({ id: keptTask.id });

    await caller().teams.hardDelete({ id: ada });
    const left = await trash();
    // Only the task of another team's project is still in the trash, and still in its table.
    const stillThere = await h.db.selectFrom('task').select('id').where('id', '=', keptTask.id).execute();
    expect(stillThere).toEqual([{ id: keptTask.id }]);
    expect(left.map((e) => e.rowId)).toEqual([keptTask.id]);
    expect(await h.db.selectFrom('project').select('id').where('team_id', '=', ada).execute()).toEqual([]);
    expect(await trashViolations(h.db, tombstone.graph)).toEqual([]);
  });

  it('the purge leaves no entry open for a row it removed', async () => {
    const { ada } = await setUp();
    await caller().teams.delete({ id: ada });
    await sql`update tombstone_deletion set deleted_at = now() - interval '40 days'`.execute(h.db);
    const result = await purgeDeleted(h.db, tombstone.graph, {
      olderThan: new Date(Date.now() - 86_400_000),
    });
    expect(result.total).toBeGreaterThan(0);
    expect(await h.db.selectFrom('team').select('id').where('id', '=', ada).execute()).toEqual([]);
    expect(await trashViolations(h.db, tombstone.graph)).toEqual([]);
    expect(await trash()).toEqual([]);
  });

  it('trashViolations reports a live row with an open entry and an entry whose row is gone', async () => {
    const { project } = await setUp();
    await caller().projects.delete({ id: project });
    // Break the invariant behind the library's back.
    await sql`update project set is_deleted = false where id = ${project}`.execute(h.db);
    const task = await h.db
      .selectFrom('task')
      .select('id')
      .where('project_id', '=', project)
      .where('parent_task_id', 'is', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await sql`delete from task where id = ${task.id}`.execute(h.db);
    const problems = await trashViolations(h.db, tombstone.graph);
    expect(problems).toEqual(
      expect.arrayContaining([
        { table: 'project', rowId: String(project), problem: 'live' },
        { table: 'task', rowId: String(task.id), problem: 'missing' },
      ]),
    );
  });
});
