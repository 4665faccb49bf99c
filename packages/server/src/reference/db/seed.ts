import { type Kysely, sql } from 'kysely';
import { hashToken } from '../auth/hash-token.js';
import type { Database } from './database.js';

/** The demo users of the reference API (docs/reference-api.md) and their bearer tokens. */
export const DEMO_USERS = [
  { name: 'admin', email: 'admin@example.com', isStaff: true, token: 'demo-admin-token' },
  { name: 'alice', email: 'alice@example.com', isStaff: false, token: 'demo-alice-token' },
  { name: 'bob', email: 'bob@example.com', isStaff: false, token: 'demo-bob-token' },
] as const;

const DEMO_CATEGORIES = ['Engineering', 'Announcements'] as const;

const DEMO_ARTICLES = {
  alice: [
    { title: 'Soft delete done right', slug: 'soft-delete-done-right', category: 0 },
    { title: 'Cascades without surprises', slug: 'cascades-without-surprises', category: 0 },
    { title: 'Restoring the right rows', slug: 'restoring-the-right-rows', category: null },
  ],
  bob: [
    { title: 'Tombstone 0.1 is out', slug: 'tombstone-0-1-is-out', category: 1 },
    { title: 'Why keyset pagination', slug: 'why-keyset-pagination', category: 0 },
  ],
} as const;

/** What {@link seedDemo} did. */
export interface SeedResult {
  seeded: boolean;
  authors: number;
  articles: number;
  comments: number;
}

/**
 * Inserts the demo data (users, hashed tokens, categories, articles, comments) into an empty
 * database, in one transaction. A database that already has authors is left untouched, so calling
 * it again is safe.
 *
 * @example
 * await migrateToLatest(db);
 * const { seeded } = await seedDemo(db);
 */
export async function seedDemo(db: Kysely<Database>): Promise<SeedResult> {
  return db.transaction().execute(async (trx) => {
    // Serialize concurrent seeders; the second one then sees the first one's authors.
    await sql`select pg_advisory_xact_lock(hashtext('tombstone.seed'))`.execute(trx);
    // Raw SQL so a soft-delete plugin cannot hide deleted authors: "empty" means no rows at all.
    const { rows } = await sql<{ found: boolean }>`select exists (select 1 from author) as found`.execute(
      trx,
    );
    if (rows[0]?.found) return { seeded: false, authors: 0, articles: 0, comments: 0 };

    const authors = await trx
      .insertInto('author')
      .values(DEMO_USERS.map((u) => ({ name: u.name, email: u.email, is_staff: u.isStaff })))
      .returning(['id', 'name'])
      .execute();
    const idOf = (name: string) => {
      const found = authors.find((a) => a.name === name);
      if (!found) throw new Error(`demo author ${name} was not inserted`);
      return found.id;
    };
    await trx
      .insertInto('api_token')
      .values(DEMO_USERS.map((u) => ({ author_id: idOf(u.name), token_hash: hashToken(u.token) })))
      .execute();

    const categories = await trx
      .insertInto('category')
      .values(DEMO_CATEGORIES.map((name) => ({ name })))
      .returning('id')
      .execute();

    const articleRows = Object.entries(DEMO_ARTICLES).flatMap(([owner, list]) =>
      list.map((a) => ({
        author_id: idOf(owner),
        category_id: a.category === null ? null : (categories[a.category]?.id ?? null),
        title: a.title,
        slug: a.slug,
        content: `${a.title}. A demo article by ${owner}.`,
      })),
    );
    const articles = await trx
      .insertInto('article')
      .values(articleRows)
      .returning(['id', 'author_id'])
      .execute();

    const commenters = [idOf('alice'), idOf('bob'), idOf('admin')];
    const comments = articles.flatMap((article, i) =>
      [0, 1].map((k) => ({
        article_id: article.id,
        author_id: commenters[(i + k + 1) % commenters.length] ?? null,
        body: `Comment ${k + 1} on article ${article.id}`,
      })),
    );
    await trx.insertInto('comment').values(comments).execute();

    return {
      seeded: true,
      authors: authors.length,
      articles: articles.length,
      comments: comments.length,
    };
  });
}
