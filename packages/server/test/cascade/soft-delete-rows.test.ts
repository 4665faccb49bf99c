import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import {
  article,
  auditEntries,
  auditRows,
  author,
  authorTree,
  category,
  comment,
  deletedRows,
  referenceGraph,
} from './fixtures.js';

describeEachDialect('softDeleteRows', (t) => {
  it('cascades author → articles → comments in one batch, audited per row in one entry per statement', async () => {
    const graph = await referenceGraph(t.db);
    const tree = await authorTree(t.db, 'ann@example.com', 2, 3);
    const other = await authorTree(t.db, 'bob@example.com', 1, 1);

    const outcome = await t.db
      .transaction()
      .execute((trx) => softDeleteRows(trx, graph, { table: 'author', ids: [tree.authorId], actorId: 7 }));

    expect(outcome).toMatchObject({
      deleted: [tree.authorId],
      alreadyDeleted: [],
      missing: [],
      blocked: [],
      cascaded: { article: 2, comment: 6 },
    });
    expect(await deletedRows(t.db)).toEqual({
      author: [tree.authorId],
      article: tree.articleIds,
      comment: tree.commentIds,
      category: [],
    });
    const audit = await auditRows(t.db);
    expect(audit).toHaveLength(9);
    expect(new Set(audit.map((a) => a.batch_id))).toEqual(new Set([outcome.batchId]));
    expect(audit.every((a) => a.actor_id === 7 && a.restored_at === null)).toBe(true);
    expect(audit.filter((a) => a.cause === 'direct')).toEqual([
      expect.objectContaining({ table_name: 'author', row_id: tree.authorId, parent_table: null }),
    ]);
    const firstComment = audit.find((a) => a.table_name === 'comment' && a.row_id === tree.commentIds[0]);
    expect(firstComment).toMatchObject({
      cause: 'cascade',
      parent_table: 'article',
      parent_id: tree.articleIds[0],
    });
    // Grouped: one audit entry per statement (author, articles, comments), ids as parallel arrays.
    const entries = await auditEntries(t.db);
    const sorted = (ids: readonly number[] | null) => [...(ids ?? [])].sort((a, b) => a - b);
    expect(entries.map((e) => [e.table_name, e.cause, e.parent_table])).toEqual([
      ['author', 'direct', null],
      ['article', 'cascade', 'author'],
      ['comment', 'cascade', 'article'],
    ]);
    expect(entries[0]).toMatchObject({
      row_ids: [tree.authorId],
      parent_ids: null,
      restored_ids: [],
      purged_ids: [],
    });
    expect(sorted(entries[1]?.row_ids ?? [])).toEqual(tree.articleIds);
    expect(entries[1]?.parent_ids).toEqual(tree.articleIds.map(() => tree.authorId));
    expect(sorted(entries[2]?.row_ids ?? [])).toEqual(tree.commentIds);
    expect(entries[2]?.parent_ids).toHaveLength(tree.commentIds.length);
    // The other author's tree did not change.
    const live = await t.db.selectFrom('comment').select('id').where('is_deleted', '=', false).execute();
    expect(live.map((r) => r.id)).toEqual(other.commentIds);
  });

  it('refuses a category that a live article references (RESTRICT) and changes nothing', async () => {
    const graph = await referenceGraph(t.db);
    const ann = await author(t.db, 'ann@example.com');
    const news = await category(t.db, 'News');
    const empty = await category(t.db, 'Empty');
    await article(t.db, ann, 'a1', news);
    await article(t.db, ann, 'a2', news);

    const outcome = await softDeleteRows(t.db, graph, {
      table: 'category',
      ids: [news, empty, 999],
      actorId: null,
    });

    expect(outcome.blocked).toEqual([
      {
        id: news,
        table: 'article',
        count: 2,
        constraint: 'article_category_id_fkey',
        message: `Cannot delete category ${news}: 2 live rows in "article" reference it (RESTRICT).`,
      },
    ]);
    expect(outcome.deleted).toEqual([empty]);
    expect(outcome.missing).toEqual([999]);
    expect((await deletedRows(t.db)).category).toEqual([empty]);
    expect((await auditRows(t.db)).map((a) => [a.table_name, a.row_id])).toEqual([['category', empty]]);
  });

  it('does not let a child that the same delete cascades to block it (Django RESTRICT)', async () => {
    // comment.author_id made RESTRICT: ann's comments on her own articles go with them; her
    // comment on bob's article is live and blocks.
    const graph = await referenceGraph(t.db, { overrides: { 'comment.author_id': 'restrict' } });
    const ann = await authorTree(t.db, 'ann@example.com', 1, 2);
    const outcome = await softDeleteRows(t.db, graph, {
      table: 'author',
      ids: [ann.authorId],
      actorId: null,
    });
    expect(outcome.blocked).toEqual([]);
    expect(outcome.cascaded).toEqual({ article: 1, comment: 2 });

    const bob = await author(t.db, 'bob@example.com');
    const bobs = await article(t.db, bob, 'bob-1');
    const cid = await authorTree(t.db, 'cid@example.com', 1, 1);
    await comment(t.db, bobs, cid.authorId);
    const refused = await softDeleteRows(t.db, graph, {
      table: 'author',
      ids: [cid.authorId],
      actorId: null,
    });
    expect(refused.blocked).toEqual([
      expect.objectContaining({ id: cid.authorId, table: 'comment', count: 1 }),
    ]);
    expect(refused.deleted).toEqual([]);
    const cidRows = await t.db
      .selectFrom('article')
      .select('is_deleted')
      .where('author_id', '=', cid.authorId)
      .execute();
    expect(cidRows).toEqual([{ is_deleted: false }]);
  });

  it('leaves SET NULL children alone: a comment by the deleted author on another article stays live', async () => {
    const graph = await referenceGraph(t.db);
    const ann = await author(t.db, 'ann@example.com');
    const bob = await author(t.db, 'bob@example.com');
    const bobs = await article(t.db, bob, 'bob-1');
    const annsComment = await comment(t.db, bobs, ann);

    await softDeleteRows(t.db, graph, { table: 'author', ids: [ann], actorId: null });

    const row = await t.db
      .selectFrom('comment')
      .select(['is_deleted', 'author_id'])
      .where('id', '=', annsComment)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ is_deleted: false, author_id: ann });
  });

  it('mixes timestamp and boolean flags in one cascade (category → articles → comments)', async () => {
    const graph = await referenceGraph(t.db, { overrides: { 'article.category_id': 'cascade' } });
    const ann = await author(t.db, 'ann@example.com');
    const news = await category(t.db, 'News');
    const a1 = await article(t.db, ann, 'a1', news);
    const c1 = await comment(t.db, a1, ann);

    const outcome = await softDeleteRows(t.db, graph, { table: 'category', ids: [news], actorId: null });

    expect(outcome.cascaded).toEqual({ article: 1, comment: 1 });
    expect(await deletedRows(t.db)).toEqual({ author: [], article: [a1], comment: [c1], category: [news] });
    const { deleted_at } = await t.db
      .selectFrom('category')
      .select('deleted_at')
      .where('id', '=', news)
      .executeTakeFirstOrThrow();
    const [audit] = await auditRows(t.db);
    expect(deleted_at?.getTime()).toBe(audit?.deleted_at.getTime());
  });

  it('is idempotent: deleting again keeps the original time, actor and audit row', async () => {
    const graph = await referenceGraph(t.db);
    const tree = await authorTree(t.db, 'ann@example.com', 1, 1);
    await softDeleteRows(t.db, graph, { table: 'author', ids: [tree.authorId], actorId: 1 });
    const before = await auditRows(t.db);

    const again = await softDeleteRows(t.db, graph, { table: 'author', ids: [tree.authorId], actorId: 2 });

    expect(again).toEqual({
      batchId: null,
      deleted: [],
      alreadyDeleted: [tree.authorId],
      missing: [],
      blocked: [],
      cascaded: {},
    });
    expect(await auditRows(t.db)).toEqual(before);
  });

  it('writes audit rows in the same transaction: a failing cascade leaves neither flags nor audit rows', async () => {
    const graph = await referenceGraph(t.db);
    const tree = await authorTree(t.db, 'ann@example.com', 2, 2);
    await sql`
      create or replace function tombstone_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'comment is locked'; end $$
    `.execute(t.db);
    await sql`create trigger tombstone_test_fail before update on comment for each row execute function tombstone_test_fail()`.execute(
      t.db,
    );
    try {
      await expect(
        t.db
          .transaction()
          .execute((trx) =>
            softDeleteRows(trx, graph, { table: 'author', ids: [tree.authorId], actorId: 1 }),
          ),
      ).rejects.toThrow(/comment is locked/);
    } finally {
      await sql`drop trigger tombstone_test_fail on comment`.execute(t.db);
    }
    expect(await auditRows(t.db)).toEqual([]);
    expect(await deletedRows(t.db)).toEqual({ author: [], article: [], comment: [], category: [] });
  });

  it('terminates on self-references and cycles, one statement per level', async () => {
    await sql`
      create table if not exists node (
        id integer generated always as identity primary key,
        parent_id integer references node (id) on delete cascade,
        is_deleted boolean not null default false
      )
    `.execute(t.db);
    await sql`truncate node restart identity`.execute(t.db);
    // 1 ← 2 ← 3, and 4 ↔ 5 (a cycle through parent_id).
    await sql`insert into node (parent_id) values (null), (1), (2), (null), (4)`.execute(t.db);
    await sql`update node set parent_id = 5 where id = 4`.execute(t.db);
    const graph = await referenceGraph(t.db);
    const withNode = await (await import('../../src/cascade/load-relation-graph.js')).loadRelationGraph(
      t.db,
      {
        node: { column: 'is_deleted', kind: 'boolean' },
      },
    );
    expect(graph.tables.node).toBeUndefined();

    const chain = await softDeleteRows(t.db, withNode, { table: 'node', ids: [1], actorId: null });
    expect(chain).toMatchObject({ deleted: [1], cascaded: { node: 2 } });
    const cycle = await softDeleteRows(t.db, withNode, { table: 'node', ids: [4], actorId: null });
    expect(cycle).toMatchObject({ deleted: [4], cascaded: { node: 1 } });
    const { rows } = await sql<{ id: number }>`select id from node where is_deleted order by id`.execute(
      t.db,
    );
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads multi-column keys from the catalog and refuses one it would have to follow', async () => {
    await sql`
      create table if not exists shelf (
        id integer generated always as identity primary key,
        code text not null,
        is_deleted boolean not null default false,
        unique (id, code)
      )
    `.execute(t.db);
    await sql`
      create table if not exists book (
        id integer generated always as identity primary key,
        shelf_id integer not null,
        shelf_code text not null,
        is_deleted boolean not null default false,
        constraint book_shelf_fkey foreign key (shelf_id, shelf_code) references shelf (id, code) on delete cascade
      )
    `.execute(t.db);
    const { loadRelationGraph, readForeignKeys } = await import('../../src/cascade/load-relation-graph.js');
    expect((await readForeignKeys(t.db)).find((key) => key.name === 'book_shelf_fkey')).toEqual({
      name: 'book_shelf_fkey',
      childTable: 'book',
      childColumn: 'shelf_id',
      parentTable: 'shelf',
      parentColumn: 'id',
      onDelete: 'cascade',
      childColumns: ['shelf_id', 'shelf_code'],
      parentColumns: ['id', 'code'],
    });
    const tables = {
      shelf: { column: 'is_deleted', kind: 'boolean' },
      book: { column: 'is_deleted', kind: 'boolean' },
    } as const;
    await expect(loadRelationGraph(t.db, tables)).rejects.toThrow(
      /Foreign key "book_shelf_fkey" \(book\(shelf_id, shelf_code\) → shelf\(id, code\), ON DELETE CASCADE\) cannot be followed/,
    );
    const leftAlone = await loadRelationGraph(t.db, tables, { overrides: { book_shelf_fkey: 'set null' } });
    expect(leftAlone.relations.filter((r) => r.childTable === 'book')).toEqual([]);
  });

  it('sends the same number of statements for 1 article as for 30', async () => {
    const graph = await referenceGraph(t.db);
    const count = async (articles: number) => {
      const tree = await authorTree(t.db, `a${articles}@example.com`, articles, 2);
      let statements = 0;
      const counted = t.db.withPlugin({
        transformQuery: (args) => {
          statements++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      await counted
        .transaction()
        .execute((trx) =>
          softDeleteRows(trx, graph, { table: 'author', ids: [tree.authorId], actorId: null }),
        );
      return statements;
    };
    expect(await count(1)).toBe(await count(30));
  });
});
