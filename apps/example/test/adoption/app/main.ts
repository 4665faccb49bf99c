// The adopting app's check: migrate its own schema plus Tombstone's audit table, start a server
// with its own context, and run a delete → cascade → exact restore → bulk → purge cycle through
// the SDK and REST. Prints one JSON object for the test to assert.
import { PGlite } from '@electric-sql/pglite';
import { createClient } from '@tombstone/sdk';
import {
  createTombstone,
  purgeDeleted,
  softDeletePlugin,
  tombstoneMigration,
  withDeleted,
} from '@tombstone/server';
import { createServer, listen } from '@tombstone/server/http';
import { PGliteDialect } from '@tombstone/server/pglite';
import { type Dialect, Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { AppRouter } from './router.js';
import { appRouter } from './router.js';
import { appMigration, type Database } from './schema.js';

const url = process.env.DATABASE_URL;
const dialect: Dialect = url
  ? new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) })
  : new PGliteDialect(await PGlite.create('memory://'));
const db = new Kysely<Database>({
  dialect,
  plugins: [
    softDeletePlugin<Database>({
      tables: {
        workspace: { column: 'deleted_at', kind: 'timestamp' },
        project: { column: 'is_deleted', kind: 'boolean' },
        task: { column: 'is_deleted', kind: 'boolean' },
        time_entry: { column: 'is_deleted', kind: 'boolean' },
      },
    }),
  ],
});

const migrator = new Migrator({
  db,
  provider: {
    getMigrations: async () => ({ '0001-app': appMigration, '0002-tombstone': tombstoneMigration }),
  },
});
const migrated = await migrator.migrateToLatest();
if (migrated.error) throw migrated.error;

const warnings: string[] = [];
const tombstone = await createTombstone(db, appRouter, {
  // Served by no procedure, but a task's delete must take its time entries along.
  tables: { time_entry: { column: 'is_deleted', kind: 'boolean' } },
  logger: { warn: (message) => warnings.push(message) },
});

const running = await listen(
  createServer({
    router: appRouter,
    createContext: (req) => ({ db, tombstone, user: req.headers.authorization ? 'ada' : null }),
    healthCheck: async () => {
      await sql`select 1`.execute(db);
    },
  }),
  { port: 0 },
);
const client = createClient<AppRouter>({ url: running.url, token: 'any' });

// Data: one workspace, one project, three tasks, time entries in both partitions.
const workspace = await client.workspaces.create.mutate({ name: 'Acme' });
const project = await client.projects.create.mutate({ workspaceId: workspace.id, slug: 'launch' });
for (const code of ['T-1', 'T-2', 'T-3'])
  await client.tasks.create.mutate({ code, projectId: project.projectId, title: code });
await db
  .insertInto('time_entry')
  .values([
    { id: 1, task_code: 'T-1', minutes: 30 },
    { id: 2000, task_code: 'T-2', minutes: 45 },
  ])
  .execute();
await db.insertInto('project_member').values({ project_id: project.projectId, user_name: 'ada' }).execute();

// A task deleted on its own before the workspace: the workspace's restore must not bring it back.
await client.tasks.delete.mutate({ id: 'T-3' });
await client.workspaces.delete.mutate({ id: workspace.id });
const live = async () => ({
  projects: (await db.selectFrom('project').select('project_id').execute()).length,
  tasks: (await db.selectFrom('task').select('code').execute()).length,
  timeEntries: (await db.selectFrom('time_entry').select('id').execute()).length,
  allTimeEntries: (await withDeleted(db).selectFrom('time_entry').select('id').execute()).length,
  members: (await db.selectFrom('project_member').select('user_name').execute()).length,
});
const afterDelete = await live();
let getDeleted = 'found';
try {
  await client.projects.get.query({ id: project.projectId });
} catch (error) {
  getDeleted = (error as { data?: { code?: string } }).data?.code ?? 'error';
}

await client.workspaces.restore.mutate({ id: workspace.id });
const afterRestore = await live();
const t3 = await withDeleted(db)
  .selectFrom('task')
  .select('is_deleted')
  .where('code', '=', 'T-3')
  .executeTakeFirst();

const bulk = await client.tasks.bulkDelete.mutate({ ids: ['T-1', 'T-404'] });
const rest = await fetch(`${running.url}/api/tasks/T-2/`, {
  method: 'DELETE',
  headers: { authorization: 'Bearer any' },
});
const dryRun = await purgeDeleted(db, tombstone.graph, {
  olderThan: new Date(Date.now() + 60_000),
  dryRun: true,
});

console.log(
  JSON.stringify({
    warnings,
    afterDelete,
    getDeleted,
    afterRestore,
    t3Deleted: t3?.is_deleted,
    bulk,
    restStatus: rest.status,
    dryRun: { dryRun: dryRun.dryRun, tables: dryRun.tables },
  }),
);
await running.close();
await db.destroy();
