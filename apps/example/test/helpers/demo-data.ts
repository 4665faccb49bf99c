import type { ReferenceDb } from './reference-database.js';

type Db = ReferenceDb;

/** The ids of the seeded demo data, looked up by name so no test hard-codes an id. */
export interface DemoData {
  authors: { admin: number; alice: number; bob: number };
  categories: { engineering: number; announcements: number };
  /** Article ids by owner, ascending. */
  articles: { alice: number[]; bob: number[] };
  /** Comment ids by author, ascending. */
  comments: { alice: number[]; bob: number[]; admin: number[] };
  /** Comment ids by article id. */
  commentsOf: Record<number, number[]>;
}

function pick<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo data has no ${what}`);
  return value;
}

/** Reads the demo data's ids from the database (call it after `seedDemo`). */
export async function loadDemo(db: Db): Promise<DemoData> {
  const authors = await db.selectFrom('author').select(['id', 'name']).orderBy('id').execute();
  const authorId = (name: string) => pick(authors.find((a) => a.name === name)?.id, `author ${name}`);
  const categories = await db.selectFrom('category').select(['id', 'name']).orderBy('id').execute();
  const categoryId = (name: string) => pick(categories.find((c) => c.name === name)?.id, `category ${name}`);
  const articles = await db.selectFrom('article').select(['id', 'author_id']).orderBy('id').execute();
  const comments = await db
    .selectFrom('comment')
    .select(['id', 'article_id', 'author_id'])
    .orderBy('id')
    .execute();
  const ids = { admin: authorId('admin'), alice: authorId('alice'), bob: authorId('bob') };
  const commentsOf: Record<number, number[]> = {};
  for (const c of comments) {
    commentsOf[c.article_id] = [...(commentsOf[c.article_id] ?? []), c.id];
  }
  const commentsBy = (author: number) => comments.filter((c) => c.author_id === author).map((c) => c.id);
  return {
    authors: ids,
    categories: { engineering: categoryId('Engineering'), announcements: categoryId('Announcements') },
    articles: {
      alice: articles.filter((a) => a.author_id === ids.alice).map((a) => a.id),
      bob: articles.filter((a) => a.author_id === ids.bob).map((a) => a.id),
    },
    comments: { alice: commentsBy(ids.alice), bob: commentsBy(ids.bob), admin: commentsBy(ids.admin) },
    commentsOf,
  };
}
