-- Tombstone: the job table of large deletes and restores (tombstone_job).
-- The same DDL as the Kysely migration `tombstoneJobMigration` of @tombstone/server.
create table tombstone_job (
  id uuid primary key,
  operation text not null check (operation in ('delete', 'restore')),
  table_name text not null,
  row_ids text[] not null,
  batch_ids uuid[] not null default '{}',
  actor_id text,
  status text not null default 'running' check (status in ('running', 'done', 'failed')),
  done_rows bigint not null default 0,
  total_rows bigint,
  attempts integer not null default 1,
  result jsonb,
  error text,
  created_at timestamptz not null default now(),
  heartbeat_at timestamptz not null default now(),
  finished_at timestamptz
);
create index tombstone_job_running_idx on tombstone_job (heartbeat_at) where status = 'running';
