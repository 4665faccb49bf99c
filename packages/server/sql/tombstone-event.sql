-- Tombstone's transactional outbox (opt-in), for migration tools other than Kysely's Migrator.
-- The same DDL as `tombstoneOutboxMigration` from '@tombstone/server' (a test keeps the two
-- identical). One row per operation batch and table; see docs/lifecycle.md.

create table tombstone_event (
  id bigint generated always as identity primary key,
  batch_id uuid not null,
  kind text not null check (kind in ('delete', 'restore', 'hardDelete', 'purge')),
  table_name text not null,
  row_ids text[] not null,
  row_count integer not null,
  actor_id text,
  created_at timestamptz not null default now(),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  processed_at timestamptz
);

create index tombstone_event_pending_idx on tombstone_event (next_attempt_at, id) where processed_at is null;
