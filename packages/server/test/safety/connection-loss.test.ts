import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRelationGraph } from '../../src/cascade/load-relation-graph.js';
import { openTestDatabase, type TestDatabase, trashViolations } from '../../src/testing/index.js';
import type { Database } from '../fixtures/database.js';
import { migrations } from '../fixtures/migrations/index.js';
import { seedTracker } from '../fixtures/seed.js';
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';
import { call, type SafetyServer, startServer } from './server-harness.js';

const url = process.env.DATABASE_URL;
const PROJECTS = 4;
const TASKS_PER_PROJECT = 1_500;

describe.runIf(url)('connection loss: pg_terminate_backend on the server’s connections [postgres]', () => {
  let test: TestDatabase<Database>;
  let server: SafetyServer;
  let admin: pg.Client;
  let teamId: number;

  /** Ends the backends of the test database (not this test's own); returns how many. */
  async function terminate(filter = sql`true`): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from (
        select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and application_name <> 'safety-admin' and ${filter}
      ) x`.execute(test.db);
    return rows[0]?.n ?? 0;
  }

  /** Live / deleted counts of the big team's tree, and its open audit entries. */
  async function treeState() {
    const { rows } = await sql<{ team: number; projects: number; tasks: number; audit: number }>`
      select (select count(*) from team where id = ${teamId} and is_deleted)::int as team,
             (select count(*) from project where team_id = ${teamId} and is_deleted)::int as projects,
             (select count(*) from task k join project p on p.id = k.project_id
               where p.team_id = ${teamId} and k.is_deleted)::int as tasks,
             (select count(*) from tombstone_deletion)::int as audit`.execute(server.db);
    return rows[0];
  }

  beforeAll(async () => {
    test = await openTestDatabase<Database>('postgres', { migrations, poolSize: 2 });
    await seedTracker(test.db);
    const team = await test.db
      .insertInto('team')
      .values({ name: 'Big', handle: 'big' })
      .returning('id')
      .executeTakeFirstOrThrow();
    teamId = team.id;
    await sql`
      with a as (
        insert into project (team_id, name, code, summary)
        select ${teamId}, 'big ' || i, 'big-' || i, 'x' from generate_series(1, ${PROJECTS}) i
        returning id
      )
      insert into task (project_id, team_id, title)
      select a.id, ${teamId}, 't' || j from a cross join generate_series(1, ${TASKS_PER_PROJECT}) j
    `.execute(test.db);
    server = await startServer(test.url as string, { poolSize: 4 });
    admin = new pg.Client({ connectionString: test.url as string, application_name: 'safety-admin' });
    admin.on('error', () => {});
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await admin?.end();
    await server?.close();
    await test?.destroy();
  });

  it('keeps serving after its idle connections are terminated: the pool opens new ones', async () => {
    // Open several pooled connections, then let them go idle.
    const warm = await Promise.all(
      Array.from({ length: 4 }, () => call(server.running.url, 'projects.list', { limit: 5 }, 'query')),
    );
    expect(warm.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await terminate()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const after = await Promise.all(
      Array.from({ length: 6 }, () => call(server.running.url, 'projects.list', { limit: 5 }, 'query')),
    );
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await fetch(`${server.running.url}/healthz`)).status).toBe(200);
    expect(server.poolErrors.length).toBeGreaterThan(0);
  });

  it('a cascade whose backend is killed mid-statement answers a masked 503 and changes nothing; the retry deletes everything', async () => {
    // Slow the task UPDATE down after it has flagged its rows, so the kill lands inside it.
    await admin.query(`
      create or replace function slow_down() returns trigger language plpgsql as
        $$ begin perform pg_sleep(3); return null; end $$;
      create trigger slow_task_update after update on task
        for each statement execute function slow_down();`);
    try {
      const before = await treeState();
      const pending = call(server.running.url, 'teams.delete', { id: teamId });
      let killed = 0;
      for (let i = 0; i < 100 && killed === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        killed = await terminate(sql`state = 'active' and query ilike ${'%update "task"%'}`);
      }
      expect(killed).toBe(1);
      const answer = await pending;
      expect(answer.status).toBe(503);
      expect(answer.body.error?.data?.code).toBe('SERVICE_UNAVAILABLE');
      expect(answer.body.error?.message).not.toMatch(/terminat|administrator|pg_/i);
      // All or nothing: the team, its projects and their tasks are all still live, no audit row.
      expect(await treeState()).toEqual(before);
      expect(before).toMatchObject({ team: 0, projects: 0, tasks: 0 });
    } finally {
      await admin.query('drop trigger slow_task_update on task; drop function slow_down();');
    }

    // The server keeps serving, and the same request now succeeds, whole.
    const again = await call(server.running.url, 'teams.delete', { id: teamId });
    expect(again.status).toBe(200);
    expect(await treeState()).toMatchObject({
      team: 1,
      projects: PROJECTS,
      tasks: PROJECTS * TASKS_PER_PROJECT,
    });
    const graph = await loadRelationGraph(test.db, softDeleteTables);
    expect(await trashViolations(test.db, graph)).toEqual([]);
  }, 40_000);
});
