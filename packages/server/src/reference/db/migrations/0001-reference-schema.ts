import { type Kysely, sql } from 'kysely';

/**
 * The reference schema (docs/reference-api.md): five tables, their foreign keys with ON DELETE actions,
 * partial unique indexes for "unique among live rows" and partial indexes for live-row lookups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function tombstone_set_updated_at() returns trigger language plpgsql as $$
    begin
      new.updated_at := now();
      return new;
    end $$
  `.execute(db);

  await db.schema
    .createTable('author')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('is_staff', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('category')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('article')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('author.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.references('category.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('is_deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('comment')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('article.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.references('author.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('is_deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('api_token')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('author.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  for (const table of ['author', 'category', 'article', 'comment']) {
    await sql`
      create trigger ${sql.raw(`${table}_set_updated_at`)} before update on ${sql.table(table)}
      for each row execute function tombstone_set_updated_at()
    `.execute(db);
  }

  // Unique among live rows: a soft-deleted row keeps its value without blocking a new live one.
  await uniqueLive(db, 'author_email_live_key', 'author', 'email', sql`not is_deleted`);
  await uniqueLive(db, 'category_name_live_key', 'category', 'name', sql`deleted_at is null`);
  await uniqueLive(db, 'article_slug_live_key', 'article', 'slug', sql`not is_deleted`);

  // Foreign-key columns: full indexes keep ON DELETE checks and purges fast...
  for (const [table, column] of [
    ['article', 'author_id'],
    ['article', 'category_id'],
    ['comment', 'article_id'],
    ['comment', 'author_id'],
    ['api_token', 'author_id'],
  ] as const) {
    await db.schema.createIndex(`${table}_${column}_idx`).on(table).column(column).execute();
  }
  // ...and partial ones keep live-row lookups and cascades (which only touch live rows) small.
  await db.schema
    .createIndex('article_live_author_idx')
    .on('article')
    .columns(['author_id', 'id'])
    .where(sql.ref('is_deleted'), '=', false)
    .execute();
  await db.schema
    .createIndex('article_live_category_idx')
    .on('article')
    .columns(['category_id', 'id'])
    .where(sql.ref('is_deleted'), '=', false)
    .execute();
  await db.schema
    .createIndex('comment_live_article_idx')
    .on('comment')
    .columns(['article_id', 'id'])
    .where(sql.ref('is_deleted'), '=', false)
    .execute();
}

async function uniqueLive(
  db: Kysely<unknown>,
  name: string,
  table: string,
  column: string,
  live: ReturnType<typeof sql>,
): Promise<void> {
  await sql`create unique index ${sql.id(name)} on ${sql.table(table)} (${sql.ref(column)}) where ${live}`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['api_token', 'comment', 'article', 'category', 'author']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function tombstone_set_updated_at()`.execute(db);
}
