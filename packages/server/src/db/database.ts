import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

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
 * `tombstone_deletion`: the audit trail of soft deletes, grouped — one row per set-based
 * statement of a delete (per batch, table, cause, parent table and cascade level), the ids it
 * flagged in `row_ids`. Rows deleted together share a `batch_id`. `cause` tells a direct delete
 * from a cascaded one; for cascaded rows `parent_ids` (parallel to `row_ids`) holds the
 * `parent_table` row each was cascaded from, so a restore can bring back exactly the rows its own
 * delete took. A restore appends to `restored_ids` (and stamps `restored_at`/`restored_by`), the
 * retention purge appends to `purged_ids`; a row is in the trash while it is in neither.
 */
export interface TombstoneDeletionTable {
  id: Generated<string>;
  batch_id: string;
  table_name: string;
  cause: 'direct' | 'cascade';
  parent_table: string | null;
  /** Ids as text (`id::text`), whatever the key's type. */
  row_ids: string[];
  parent_ids: string[] | null;
  actor_id: string | null;
  deleted_at: CreatedTimestamp;
  restored_ids: ColumnType<string[], string[] | undefined, string[]>;
  restored_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  restored_by: string | null;
  purged_ids: ColumnType<string[], string[] | undefined, string[]>;
  /** Generated: some row of the entry is neither restored nor purged. */
  open: ColumnType<boolean, never, never>;
}

/** The reference schema, as Kysely sees it. */
export interface Database {
  author: AuthorTable;
  category: CategoryTable;
  article: ArticleTable;
  comment: CommentTable;
  api_token: ApiTokenTable;
  tombstone_deletion: TombstoneDeletionTable;
}

export type Author = Selectable<AuthorTable>;
export type NewAuthor = Insertable<AuthorTable>;
export type AuthorUpdate = Updateable<AuthorTable>;
export type Category = Selectable<CategoryTable>;
export type Article = Selectable<ArticleTable>;
export type Comment = Selectable<CommentTable>;
export type ApiToken = Selectable<ApiTokenTable>;
export type TombstoneDeletion = Selectable<TombstoneDeletionTable>;
