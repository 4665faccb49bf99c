import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/reference/db/database.js';

/** What {@link seedAuthorArticles} inserted. */
export interface SeededArticles {
  authorId: number;
  /** The articles' ids, in insertion order. */
  ids: number[];
}

/**
 * Empties the reference tables and seeds one staff author with `count` live articles whose
 * content is `content` (set-based, `generate_series`), then analyzes `article`.
 */
export async function seedAuthorArticles(
  db: Kysely<Database>,
  count: number,
  content: string,
): Promise<SeededArticles> {
  await sql`truncate author, category, article, comment, api_token, tombstone_deletion restart identity cascade`.execute(
    db,
  );
  const author = await db
    .insertInto('author')
    .values({ name: 'bench', email: 'bench@example.com', is_staff: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { rows } = await sql<{ id: number }>`
    insert into article (author_id, title, slug, content)
    select ${author.id}, 'Article ' || n, 'bench-' || n, ${content}::text
    from generate_series(1, ${count}::int) as n
    returning id
  `.execute(db);
  await sql`analyze article`.execute(db);
  return { authorId: author.id, ids: rows.map((r) => r.id) };
}
