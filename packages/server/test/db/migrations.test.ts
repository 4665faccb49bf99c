import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../src/reference/db/database.js';
import { migrateToLatest } from '../../src/reference/db/migrate.js';
import { migrations } from '../../src/reference/db/migrations/index.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

describeEachDialect<Database>(
  'migrations',
  (t) => {
    it('create the five contract tables with their soft-delete columns', async () => {
      const { rows } = await sql<{
        table_name: string;
        column_name: string;
        data_type: string;
        is_nullable: string;
      }>`
      select table_name, column_name, data_type, is_nullable from information_schema.columns
      where table_schema = current_schema()
        and table_name in ('author', 'category', 'article', 'comment', 'api_token')
    `.execute(t.db);
      const column = (table: string, name: string) =>
        rows.find((r) => r.table_name === table && r.column_name === name);
      expect(new Set(rows.map((r) => r.table_name))).toEqual(
        new Set(['author', 'category', 'article', 'comment', 'api_token']),
      );
      for (const table of ['author', 'article', 'comment']) {
        expect(column(table, 'is_deleted')).toMatchObject({ data_type: 'boolean', is_nullable: 'NO' });
      }
      expect(column('category', 'deleted_at')).toMatchObject({
        data_type: 'timestamp with time zone',
        is_nullable: 'YES',
      });
      expect(column('api_token', 'is_deleted')).toBeUndefined();
      for (const table of ['author', 'category', 'article', 'comment']) {
        expect(column(table, 'created_at')?.data_type).toBe('timestamp with time zone');
        expect(column(table, 'updated_at')?.data_type).toBe('timestamp with time zone');
      }
      expect(column('article', 'category_id')?.is_nullable).toBe('YES');
      expect(column('comment', 'author_id')?.is_nullable).toBe('YES');
      expect(column('article', 'author_id')?.is_nullable).toBe('NO');
    });

    it('make ids integer identity columns generated always', async () => {
      const { rows } = await sql<{ table_name: string; data_type: string; identity_generation: string }>`
      select table_name, data_type, identity_generation from information_schema.columns
      where table_schema = current_schema() and column_name = 'id'
        and table_name in ('author', 'category', 'article', 'comment', 'api_token')
    `.execute(t.db);
      expect(rows).toHaveLength(5);
      for (const row of rows)
        expect(row).toMatchObject({ data_type: 'integer', identity_generation: 'ALWAYS' });
    });

    it('declare the foreign keys with the contract ON DELETE actions', async () => {
      const { rows } = await sql<{ child: string; column: string; parent: string; action: string }>`
      select c.conrelid::regclass::text as child, a.attname as column,
             c.confrelid::regclass::text as parent, c.confdeltype as action
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.connamespace = current_schema()::regnamespace
      order by 1, 2
    `.execute(t.db);
      // confdeltype: c = CASCADE, r = RESTRICT, n = SET NULL
      expect(rows).toEqual([
        { child: 'api_token', column: 'author_id', parent: 'author', action: 'c' },
        { child: 'article', column: 'author_id', parent: 'author', action: 'c' },
        { child: 'article', column: 'category_id', parent: 'category', action: 'r' },
        { child: 'comment', column: 'article_id', parent: 'article', action: 'c' },
        { child: 'comment', column: 'author_id', parent: 'author', action: 'n' },
      ]);
    });

    it('create partial unique indexes over live rows only', async () => {
      const { rows } = await sql<{ name: string; def: string }>`
      select indexname as name, indexdef as def from pg_indexes
      where schemaname = current_schema() and indexdef like 'CREATE UNIQUE%' and indexname like '%live%'
      order by 1
    `.execute(t.db);
      expect(rows.map((r) => r.name)).toEqual([
        'article_slug_live_key',
        'author_email_live_key',
        'category_name_live_key',
      ]);
      expect(rows[0]?.def).toMatch(/\(slug\) WHERE \(NOT is_deleted\)/);
      expect(rows[1]?.def).toMatch(/\(email\) WHERE \(NOT is_deleted\)/);
      expect(rows[2]?.def).toMatch(/\(name\) WHERE \(deleted_at IS NULL\)/);
    });

    it('create partial indexes for live-row lookups', async () => {
      const { rows } = await sql<{ name: string; def: string }>`
      select indexname as name, indexdef as def from pg_indexes
      where schemaname = current_schema() and indexname in
        ('article_live_author_idx', 'article_live_category_idx', 'comment_live_article_idx')
    `.execute(t.db);
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(row.def).toMatch(/WHERE \(is_deleted = false\)/);
    });

    it('are idempotent: a second run applies nothing', async () => {
      expect(await migrateToLatest(t.db)).toEqual([]);
    });

    it('keep updated_at current on every update', async () => {
      const author = await t.db
        .insertInto('author')
        .values({ name: 'a', email: 'a@example.com', updated_at: '2000-01-01T00:00:00Z' })
        .returning(['id', 'updated_at'])
        .executeTakeFirstOrThrow();
      const updated = await t.db
        .updateTable('author')
        .set({ name: 'b' })
        .where('id', '=', author.id)
        .returning('updated_at')
        .executeTakeFirstOrThrow();
      expect(author.updated_at.getUTCFullYear()).toBe(2000);
      expect(updated.updated_at.getTime()).toBeGreaterThan(author.updated_at.getTime());
    });
  },
  { migrations },
);
