import type { Kysely } from 'kysely';
import type { Database } from '../../src/reference/db/database.js';

/**
 * A small world with deleted rows everywhere (ids are stable: each test starts from an empty,
 * identity-restarted database):
 *
 * | table    | live        | deleted                   |
 * |----------|-------------|---------------------------|
 * | author   | 1 alice     | 2 bob                     |
 * | category | 1 News      | 2 Old (`deleted_at` set)  |
 * | article  | 1, 2, 4     | 3                         |
 * | comment  | 1, 3        | 2, 4                      |
 *
 * Article 1 (alice, News) has comments 1 (live) and 2 (deleted); article 2 (alice, Old) has
 * comment 4 (deleted); deleted article 3 (alice) has live comment 3; article 4 is bob's.
 */
export async function seedWorld(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('author')
    .values([
      { name: 'alice', email: 'alice@example.com' },
      { name: 'bob', email: 'bob@example.com', is_deleted: true },
    ])
    .execute();
  await db
    .insertInto('category')
    .values([{ name: 'News' }, { name: 'Old', deleted_at: new Date('2024-01-01T00:00:00Z') }])
    .execute();
  await db
    .insertInto('article')
    .values([
      { author_id: 1, category_id: 1, title: 'one', slug: 'one', content: '' },
      { author_id: 1, category_id: 2, title: 'two', slug: 'two', content: '' },
      { author_id: 1, category_id: null, title: 'three', slug: 'three', content: '', is_deleted: true },
      { author_id: 2, category_id: 1, title: 'four', slug: 'four', content: '' },
    ])
    .execute();
  await db
    .insertInto('comment')
    .values([
      { article_id: 1, author_id: 1, body: 'c1' },
      { article_id: 1, author_id: 1, body: 'c2', is_deleted: true },
      { article_id: 3, author_id: 2, body: 'c3' },
      { article_id: 2, author_id: null, body: 'c4', is_deleted: true },
    ])
    .execute();
}

/** Sorts rows by their JSON form: results compared regardless of order. */
export function sorted<TRow>(rows: ReadonlyArray<TRow>): TRow[] {
  return [...rows].sort((a, b) => {
    const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
