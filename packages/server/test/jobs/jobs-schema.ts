import { initTRPC } from '@trpc/server';
import { type Generated, type Kysely, type Migration, sql } from 'kysely';
import { z } from 'zod';
import { tombstoneMigration } from '../../src/audit/index.js';
import { tombstoneJobMigration } from '../../src/jobs/job-migration.js';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import type { Tombstone } from '../../src/procedures/tombstone.js';

/**
 * A document store, not the demo's schema: `account` ← `folder` (CASCADE) ← `doc` (CASCADE),
 * docs nested under docs (`parent_id`, CASCADE), a doc's `slug` unique among live docs, and
 * `share` rows outside the tree that keep a doc (RESTRICT).
 */
export interface JobsDb {
  account: { id: Generated<number>; name: string; is_deleted: Generated<boolean> };
  folder: { id: Generated<number>; account_id: number; is_deleted: Generated<boolean> };
  doc: {
    id: Generated<number>;
    folder_id: number;
    parent_id: number | null;
    slug: string;
    deleted_at: Date | null;
  };
  share: { id: Generated<number>; doc_id: number; is_deleted: Generated<boolean> };
}

const schema: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table account (id serial primary key, name text not null, is_deleted boolean not null default false)`.execute(
      db,
    );
    await sql`create table folder (id serial primary key, account_id integer not null references account on delete cascade,
      is_deleted boolean not null default false)`.execute(db);
    await sql`create index on folder (account_id)`.execute(db);
    await sql`create table doc (id serial primary key, folder_id integer not null references folder on delete cascade,
      parent_id integer references doc on delete cascade, slug text not null, deleted_at timestamptz)`.execute(
      db,
    );
    await sql`create index on doc (folder_id)`.execute(db);
    await sql`create index on doc (parent_id)`.execute(db);
    await sql`create unique index doc_slug_live on doc (slug) where deleted_at is null`.execute(db);
    await sql`create table share (id serial primary key, doc_id integer not null references doc on delete restrict,
      is_deleted boolean not null default false)`.execute(db);
  },
};

/** The migrations of the jobs suites: the audit trail, the job table and the document store. */
export const jobsMigrations: Record<string, Migration> = {
  '0001-tombstone': tombstoneMigration,
  '0002-jobs': tombstoneJobMigration,
  '0003-schema': schema,
};

/**
 * Seeds `accounts` accounts, each with `folders` folders of `docs` docs, and one reply under each
 * doc: 1 + folders × (1 + 2 × docs) rows per account. Returns the account ids.
 */
export async function seedDocuments(
  db: Kysely<JobsDb>,
  shape: { accounts: number; folders: number; docs: number },
): Promise<number[]> {
  const ids: number[] = [];
  for (let a = 0; a < shape.accounts; a++) {
    const { id } = await db
      .insertInto('account')
      .values({ name: `account ${a}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
    await sql`insert into folder (account_id) select ${id} from generate_series(1, ${shape.folders})`.execute(
      db,
    );
    await sql`insert into doc (folder_id, slug)
      select f.id, 'doc-' || f.id || '-' || n from folder f, generate_series(1, ${shape.docs}) n
      where f.account_id = ${id}`.execute(db);
    await sql`insert into doc (folder_id, parent_id, slug)
      select d.folder_id, d.id, d.slug || '-reply' from doc d join folder f on f.id = d.folder_id
      where f.account_id = ${id} and d.parent_id is null`.execute(db);
  }
  return ids;
}

/** Rows per table that are soft-deleted, and rows in all. */
export async function deletedCounts(db: Kysely<JobsDb>): Promise<Record<string, string>> {
  const { rows } = await sql<{ t: string; n: string }>`
    select 'account' as t, count(*) filter (where is_deleted) || '/' || count(*) as n from account
    union all select 'folder', count(*) filter (where is_deleted) || '/' || count(*) from folder
    union all select 'doc', count(*) filter (where deleted_at is not null) || '/' || count(*) from doc
    union all select 'share', count(*) filter (where is_deleted) || '/' || count(*) from share
  `.execute(db);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

export type JobsContext = { db: Kysely<JobsDb>; tombstone: Tombstone };

const t = initTRPC.context<JobsContext>().create();
const loose = z.looseObject({});
const schemas = <T extends z.ZodObject>(create: T) => ({
  row: loose,
  create,
  patch: z.strictObject({}),
  filter: z.strictObject({}),
});

/** The document store's generated procedures, with the actor `7`. */
export const jobsRouter = t.router({
  accounts: softDeleteProcedures({
    t,
    table: 'account',
    softDelete: { column: 'is_deleted', kind: 'boolean' },
    schemas: schemas(z.strictObject({ name: z.string() })),
    actorId: () => 7,
  }),
  docs: softDeleteProcedures({
    t,
    table: 'doc',
    softDelete: { column: 'deleted_at', kind: 'timestamp' },
    schemas: schemas(z.strictObject({ folderId: z.number(), slug: z.string() })),
    actorId: () => 7,
  }),
});

/** A caller of {@link jobsRouter}. */
export function jobsCaller(db: Kysely<JobsDb>, tombstone: Tombstone) {
  return t.createCallerFactory(jobsRouter)({ db, tombstone });
}
