-- Tombstone's audit table, for migration tools other than Kysely's Migrator.
-- The same DDL as `tombstoneMigration` from '@tombstone/server' (a test keeps the two identical).
-- It creates the audit table and its indexes, and the legal holds of the trash console
-- (`tombstone_hold`), nothing else. Run it in the schema of your
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

-- The open entry of a row: of a direct delete by its id (`row_ids && ids`), of a cascade by the
-- parent it was cascaded from (`parent_ids && parents`: one index key per parent, not per row).
-- Partial: an entry that closes leaves the index instead of having all its ids indexed again
-- (closing changes `open`: never a HOT update).
create index tombstone_deletion_row_ids_idx on tombstone_deletion using gin (row_ids) where open and cause = 'direct';
create index tombstone_deletion_parent_ids_idx on tombstone_deletion using gin (parent_ids) where open and cause = 'cascade';
create index tombstone_deletion_batch_idx on tombstone_deletion (batch_id);

-- The batches still in the trash, for the trash console's keyset pages (newest first, optionally
-- by table or by person): a batch is the one direct entry its delete call wrote.
create index tombstone_deletion_batches_idx on tombstone_deletion (id) where cause = 'direct' and open;
create index tombstone_deletion_batches_table_idx on tombstone_deletion (table_name, id) where cause = 'direct' and open;
create index tombstone_deletion_batches_actor_idx on tombstone_deletion (actor_id, id) where cause = 'direct' and open;

-- Legal holds: rows of a held batch are never purged and cannot be hard-deleted.
create table tombstone_hold (
  batch_id uuid primary key,
  reason text not null,
  held_by text,
  held_at timestamptz not null default now()
);
