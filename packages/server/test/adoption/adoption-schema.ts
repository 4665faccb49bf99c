import { bigintIdSchema, uuidIdSchema } from '@tombstone/shared';
import { type AnyRouter, initTRPC } from '@trpc/server';
import { type Kysely, type Migration, sql } from 'kysely';
import { z } from 'zod';
import { tombstoneMigration } from '../../src/audit/index.js';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import type { Tombstone } from '../../src/procedures/tombstone.js';

/**
 * A schema that is not the demo's, as an existing app might have it: uuid, bigint and text keys,
 * a key column not named `id`, and partitioned tables.
 *
 * - `org` (uuid) ← `team` (uuid, CASCADE) ← `member` (bigint key `member_no`, CASCADE)
 * - `org` ← `label` (text key `code`, SET NULL: left alone by soft deletes)
 * - `org` ← `event` (partitioned by hash of its bigint id; the CASCADE key declared on each partition)
 * - `org` ← `shard` (partitioned by range of its id; the CASCADE key declared on the partitioned table)
 */
export interface AdoptionDb {
  org: { id: string; name: string; is_deleted: boolean };
  team: { id: string; org_id: string; name: string; is_deleted: boolean };
  member: { member_no: string | number; team_id: string; name: string; deleted_at: Date | null };
  label: { code: string; org_id: string | null; is_deleted: boolean };
  event: { id: string | number; org_id: string; is_deleted: boolean };
  shard: { id: number; org_id: string; is_deleted: boolean };
}

/**
 * The adoption suites' migrations: Tombstone's audit table alone (their tables are created by
 * {@link createAdoptionSchema}, over nothing else).
 */
export const adoptionMigrations: Record<string, Migration> = {
  '0001-tombstone-deletion': tombstoneMigration,
};

const STATEMENTS = [
  `create table if not exists org (
     id uuid primary key default gen_random_uuid(), name text not null,
     is_deleted boolean not null default false)`,
  `create table if not exists team (
     id uuid primary key default gen_random_uuid(),
     org_id uuid not null references org (id) on delete cascade,
     name text not null, is_deleted boolean not null default false)`,
  `create table if not exists member (
     member_no bigint not null, team_id uuid not null references team (id) on delete cascade,
     name text not null, deleted_at timestamptz,
     constraint member_no_key unique (member_no))`,
  `create table if not exists label (
     code varchar(40) primary key, org_id uuid references org (id) on delete set null,
     is_deleted boolean not null default false)`,
  `create table if not exists event (
     id bigint primary key, org_id uuid not null, is_deleted boolean not null default false
   ) partition by hash (id)`,
  'create table if not exists event_p0 partition of event for values with (modulus 2, remainder 0)',
  'create table if not exists event_p1 partition of event for values with (modulus 2, remainder 1)',
  `create table if not exists shard (
     id integer primary key, org_id uuid not null references org (id) on delete cascade,
     is_deleted boolean not null default false
   ) partition by range (id)`,
  'create table if not exists shard_low partition of shard for values from (minvalue) to (100)',
  'create table if not exists shard_high partition of shard for values from (100) to (maxvalue)',
];

/** Creates the adoption tables (idempotent: once per database, kept across tests). */
export async function createAdoptionSchema(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  // The event's key to org is declared on each partition, not on the partitioned table.
  for (const partition of ['event_p0', 'event_p1']) {
    const { rows } =
      await sql`select 1 from pg_constraint where conname = ${`${partition}_org_fkey`}`.execute(db);
    if (rows.length === 0) {
      await sql`alter table ${sql.table(partition)} add constraint ${sql.id(`${partition}_org_fkey`)}
        foreign key (org_id) references org (id) on delete cascade`.execute(db);
    }
  }
}

export type AdoptionContext = { db: Kysely<AdoptionDb>; tombstone: Tombstone; actor: string | number | null };

const t = initTRPC.context<AdoptionContext>().create();
const boolean = { column: 'is_deleted', kind: 'boolean' } as const;
const noFilter = z.strictObject({});
/** Rows as the default mapping writes them (camelCase keys). */
const loose = z.looseObject({});

function resource<TTable extends keyof AdoptionDb & string>(
  table: TTable,
  id: z.ZodType<string | number>,
  row: typeof loose,
  options: {
    idColumn?: keyof AdoptionDb[TTable] & string;
    softDelete?: { column: string; kind: 'boolean' | 'timestamp' };
  } = {},
) {
  return softDeleteProcedures({
    t,
    table,
    ...(options.idColumn ? { idColumn: options.idColumn } : {}),
    softDelete: (options.softDelete ?? boolean) as never,
    schemas: {
      row,
      create: z.strictObject({ name: z.string() }),
      patch: z.strictObject({ name: z.string() }),
      filter: noFilter,
      id,
    },
    actorId: (ctx) => ctx.actor,
  });
}

/** One router over every adoption table, each with its id schema. */
export const adoptionRouter = t.router({
  orgs: resource('org', uuidIdSchema, loose),
  teams: resource('team', uuidIdSchema, loose),
  members: resource('member', bigintIdSchema, loose, {
    idColumn: 'member_no',
    softDelete: { column: 'deleted_at', kind: 'timestamp' },
  }),
  labels: resource('label', z.string().min(1), loose, { idColumn: 'code' }),
  events: resource('event', bigintIdSchema, loose),
  shards: resource('shard', z.number().int(), loose),
});

/** A tRPC caller acting as `actor`. */
export function adoptionCaller(
  db: Kysely<unknown>,
  tombstone: Tombstone,
  actor: string | number | null = 'u-1',
) {
  return t.createCallerFactory(adoptionRouter)({ db: db as Kysely<AdoptionDb>, tombstone, actor });
}

/** A router over one table configured with `idColumn`, for start-up checks. */
export function singleTableRouter(table: string, idColumn?: string): AnyRouter {
  return t.router({
    only: softDeleteProcedures({
      t: t as never,
      table: table as never,
      ...(idColumn ? { idColumn: idColumn as never } : {}),
      softDelete: boolean as never,
      schemas: { row: loose, create: noFilter, patch: noFilter, filter: noFilter },
    }),
  });
}
