// The adopting app's own schema — a project tracker, not the demo's blog: a uuid key, a bigint key
// not named `id`, a text key, a table partitioned by its id whose foreign key is declared on each
// partition, a composite-key join table, a view and a trigger.
import type { TombstoneTables } from '@tombstone/server';
import { type Generated, type Kysely, type Migration, sql } from 'kysely';

export interface Database extends TombstoneTables {
  workspace: { id: Generated<string>; name: string; deleted_at: Date | null };
  project: {
    project_id: Generated<string>;
    workspace_id: string;
    slug: string;
    is_deleted: Generated<boolean>;
  };
  task: {
    code: string;
    project_id: string;
    title: string;
    is_deleted: Generated<boolean>;
    updated_at: Generated<Date>;
  };
  time_entry: { id: number; task_code: string; minutes: number; is_deleted: Generated<boolean> };
  project_member: { project_id: string; user_name: string };
}

const up = async (db: Kysely<unknown>): Promise<void> => {
  const statements = [
    `create table workspace (id uuid primary key default gen_random_uuid(), name text not null, deleted_at timestamptz)`,
    `create table project (
       project_id bigint generated always as identity primary key,
       workspace_id uuid not null references workspace (id) on delete cascade,
       slug text not null, is_deleted boolean not null default false)`,
    `create unique index project_slug_live_key on project (workspace_id, slug) where not is_deleted`,
    `create table task (
       code text primary key, project_id bigint not null references project (project_id) on delete cascade,
       title text not null, is_deleted boolean not null default false,
       updated_at timestamptz not null default now())`,
    `create table time_entry (
       id integer primary key, task_code text not null, minutes integer not null,
       is_deleted boolean not null default false) partition by range (id)`,
    `create table time_entry_a partition of time_entry for values from (minvalue) to (1000)`,
    `create table time_entry_b partition of time_entry for values from (1000) to (maxvalue)`,
    `alter table time_entry_a add constraint time_entry_a_task_fkey foreign key (task_code) references task (code) on delete cascade`,
    `alter table time_entry_b add constraint time_entry_b_task_fkey foreign key (task_code) references task (code) on delete cascade`,
    `create table project_member (
       project_id bigint not null references project (project_id) on delete cascade,
       user_name text not null, primary key (project_id, user_name))`,
    `create view open_tasks as select code, title from task`,
    `create function touch_task() returns trigger language plpgsql as $$
       begin new.updated_at := now(); return new; end $$`,
    `create trigger task_touch before update on task for each row
       when (old.is_deleted is not distinct from new.is_deleted) execute function touch_task()`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
};

export const appMigration: Migration = { up };
