import type { ColumnType, Generated } from 'kysely';
import type { TombstoneTables } from '../../audit/audit-table.js';

/** A `timestamptz` column the database fills in: read as `Date`, optional on insert. */
type CreatedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** `author`: soft-deleted through the boolean `is_deleted`. */
export interface AuthorTable {
  id: Generated<number>;
  name: string;
  email: string;
  is_staff: Generated<boolean>;
  is_deleted: Generated<boolean>;
  created_at: CreatedTimestamp;
  updated_at: CreatedTimestamp;
}

/** `category`: soft-deleted through the timestamp `deleted_at` (`null` = live). */
export interface CategoryTable {
  id: Generated<number>;
  name: string;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedTimestamp;
  updated_at: CreatedTimestamp;
}

/** `article`: belongs to an author (CASCADE) and optionally to a category (RESTRICT). */
export interface ArticleTable {
  id: Generated<number>;
  author_id: number;
  category_id: number | null;
  title: string;
  slug: string;
  content: string;
  is_deleted: Generated<boolean>;
  created_at: CreatedTimestamp;
  updated_at: CreatedTimestamp;
}

/** `comment`: belongs to an article (CASCADE); its author is SET NULL on hard delete. */
export interface CommentTable {
  id: Generated<number>;
  article_id: number;
  author_id: number | null;
  body: string;
  is_deleted: Generated<boolean>;
  created_at: CreatedTimestamp;
  updated_at: CreatedTimestamp;
}

/** `api_token`: bearer tokens, stored as SHA-256 hex digests. Not soft-deletable. */
export interface ApiTokenTable {
  id: Generated<number>;
  author_id: number;
  token_hash: string;
  created_at: CreatedTimestamp;
}

/**
 * `tombstone_job` (migration `0005-tombstone-job`): one row per delete or restore run as a chunked
 * job. Written by the library's jobs; the app reads it through `listJobs` / `getJob`.
 */
export interface TombstoneJobTable {
  id: string;
  operation: 'delete' | 'restore';
  table_name: string;
  row_ids: string[];
  batch_ids: ColumnType<string[], string[] | undefined, string[]>;
  actor_id: string | null;
  status: ColumnType<'running' | 'done' | 'failed', 'running' | 'done' | 'failed' | undefined>;
  /** `bigint`: text through `pg`, a number through PGlite. */
  done_rows: ColumnType<string | number, number | string | undefined, number | string>;
  total_rows: ColumnType<string | number | null, number | string | null, number | string | null>;
  attempts: Generated<number>;
  result: unknown;
  error: string | null;
  created_at: CreatedTimestamp;
  heartbeat_at: CreatedTimestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The reference schema, as Kysely sees it. */
export interface Database extends TombstoneTables {
  tombstone_job: TombstoneJobTable;
  author: AuthorTable;
  category: CategoryTable;
  article: ArticleTable;
  comment: CommentTable;
  api_token: ApiTokenTable;
}
