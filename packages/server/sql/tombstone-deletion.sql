-- Tombstone's audit table, for migration tools other than Kysely's Migrator.
-- The same DDL as `tombstoneMigration` from '@tombstone/server' (a test keeps the two identical).
-- It creates this one table and its two indexes, nothing else. Run it in the schema of your
-- soft-deletable tables (Tombstone reads `current_schema()`).

create table tombstone_deletion (
  id bigint generated always as identity primary key,
  batch_id uuid not null,
  table_name text not null,
  cause text not null check (cause in ('direct', 'cascade')),
  parent_table text,
  row_ids text[] not null,
  parent_ids text[],
  actor_id text,
  deleted_at timestamptz not null default now(),
  restored_ids text[] not null default '{}',
  restored_at timestamptz,
  restored_by text,
  purged_ids text[] not null default '{}',
  open boolean generated always as (cardinality(row_ids) > cardinality(restored_ids) + cardinality(purged_ids)) stored,
  constraint tombstone_deletion_parents_check check (
    case when cause = 'direct' then parent_ids is null and parent_table is null
         else parent_table is not null and cardinality(parent_ids) = cardinality(row_ids) end
  )
);

create index tombstone_deletion_row_ids_idx on tombstone_deletion using gin (row_ids);
create index tombstone_deletion_batch_idx on tombstone_deletion (batch_id);
