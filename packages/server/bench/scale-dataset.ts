import { type Kysely, sql } from 'kysely';
import { hashToken } from '../src/reference/auth/hash-token.js';
import type { Database } from '../src/reference/db/database.js';

/** One author with `articles` articles of `comments` comments each. */
export interface ScaleShape {
  label: string;
  articles: number;
  comments: number;
}

/** Rows in the author's tree: the author, its articles, their comments. */
export function rowsOf(shape: ScaleShape): number {
  return 1 + shape.articles + shape.articles * shape.comments;
}

/** The bearer token of the staff author who deletes and restores (stored hashed, as the API expects). */
export const STAFF_TOKEN = 'scale-bench-staff-token';

/** What {@link seedScale} inserted. */
export interface ScaleDataset {
  /** The author whose tree is deleted and restored. */
  authorId: number;
  /** A second, tiny author (1 article × 2 comments) for warming a server up. */
  warmUpAuthorId: number;
  rows: number;
}

/**
 * Empties the reference tables and seeds, set-based (`insert … select … generate_series`): a staff
 * author with a token, the measured author's tree of {@link ScaleShape}, and a tiny warm-up author;
 * then {@link settle}s the tables.
 */
export async function seedScale(db: Kysely<Database>, shape: ScaleShape): Promise<ScaleDataset> {
  await sql`truncate author, category, article, comment, api_token, tombstone_deletion restart identity cascade`.execute(
    db,
  );
  const { rows: authors } = await sql<{ id: number }>`
    insert into author (name, email, is_staff) values
      ('staff', 'staff@example.com', true), ('scale', 'scale@example.com', false), ('warm', 'warm@example.com', false)
    returning id
  `.execute(db);
  const [staff, author, warmUp] = authors.map((a) => a.id) as [number, number, number];
  await sql`insert into api_token (author_id, token_hash) values (${staff}, ${hashToken(STAFF_TOKEN)})`.execute(
    db,
  );
  await sql`
    insert into article (author_id, title, slug, content)
    select ${author}::int, 'Article ' || n, 'scale-' || n, 'content' from generate_series(1, ${shape.articles}::int) n
    union all select ${warmUp}::int, 'Warm-up', 'warm-up', 'content'
  `.execute(db);
  await sql`
    insert into comment (article_id, author_id, body)
    select a.id, a.author_id, 'Comment ' || n
    from article a cross join generate_series(1, case when a.author_id = ${author}::int then ${shape.comments}::int else 2 end) n
  `.execute(db);
  await settle(db);
  return { authorId: author, warmUpAuthorId: warmUp, rows: rowsOf(shape) };
}

/**
 * `vacuum analyze` of the reference tables and a checkpoint: what autovacuum and the checkpointer
 * would have done by the time anyone restores, done now so that neither side of a ratio pays
 * for the other's leftovers (dead row versions, dirty buffers) inside its measurement.
 */
export async function settle(db: Kysely<Database>): Promise<void> {
  await sql`vacuum (analyze) author, article, comment, api_token, tombstone_deletion`.execute(db);
  // Superuser only; where it is refused, the measurements merely get noisier.
  await sql`checkpoint`.execute(db).catch(() => {});
}

/** How many rows of the author's tree exist, and how many of them are soft-deleted. */
export async function treeState(
  db: Kysely<Database>,
  authorId: number,
): Promise<{ rows: number; deleted: number }> {
  const { rows } = await sql<{ rows: string; deleted: string }>`
    select sum(n)::text as rows, sum(d)::text as deleted from (
      select count(*) n, count(*) filter (where is_deleted) d from author where id = ${authorId}
      union all
      select count(*), count(*) filter (where is_deleted) from article where author_id = ${authorId}
      union all
      select count(*), count(*) filter (where c.is_deleted)
      from comment c join article a on a.id = c.article_id where a.author_id = ${authorId}
    ) t
  `.execute(db);
  return { rows: Number(rows[0]?.rows ?? 0), deleted: Number(rows[0]?.deleted ?? 0) };
}

/** Throws unless all `expected` rows of the author's tree are deleted (or all live). */
export async function assertTree(
  db: Kysely<Database>,
  authorId: number,
  expected: number,
  deleted: boolean,
  what: string,
): Promise<void> {
  const state = await treeState(db, authorId);
  const want = deleted ? expected : 0;
  if (state.rows !== expected || state.deleted !== want) {
    throw new Error(
      `${what}: expected ${want} of ${expected} rows deleted, found ${state.deleted} of ${state.rows}`,
    );
  }
}

/**
 * The baseline delete: the set-based UPDATEs a competent PostgreSQL developer writes for this
 * schema, children first, in one transaction, without any audit trail.
 */
export async function handWrittenDelete(db: Kysely<Database>, authorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`
      update comment c set is_deleted = true from article a
      where c.article_id = a.id and a.author_id = ${authorId} and not c.is_deleted
    `.execute(trx);
    await sql`update article set is_deleted = true where author_id = ${authorId} and not is_deleted`.execute(
      trx,
    );
    await sql`update author set is_deleted = true where id = ${authorId} and not is_deleted`.execute(trx);
  });
}

/** The baseline restore: the same UPDATEs in reverse, parents first, in one transaction. */
export async function handWrittenRestore(db: Kysely<Database>, authorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`update author set is_deleted = false where id = ${authorId} and is_deleted`.execute(trx);
    await sql`update article set is_deleted = false where author_id = ${authorId} and is_deleted`.execute(
      trx,
    );
    await sql`
      update comment c set is_deleted = false from article a
      where c.article_id = a.id and a.author_id = ${authorId} and c.is_deleted
    `.execute(trx);
  });
}
