import { describe, expect, it } from 'vitest';
import { RelationGraphError } from '../../src/cascade/cascade-error.js';
import { blockedMessage } from '../../src/cascade/cascade-messages.js';
import { planCascade, relationsFrom } from '../../src/cascade/plan-cascade.js';
import { planPurge } from '../../src/cascade/plan-purge.js';
import { planRestoreChecks } from '../../src/cascade/plan-restore.js';
import {
  buildRelationGraph,
  type ForeignKey,
  type OnDeleteAction,
} from '../../src/cascade/relation-graph.js';
import { RowRoots } from '../../src/cascade/row-roots.js';
import { softDeleteTables } from '../../src/reference/routers/soft-delete-tables.js';

function fk(child: string, column: string, parent: string, onDelete: OnDeleteAction): ForeignKey {
  return {
    name: `${child}_${column}_fkey`,
    childTable: child,
    childColumn: column,
    parentTable: parent,
    parentColumn: 'id',
    onDelete,
  };
}

/** The reference schema's foreign keys, as the catalog reports them. */
const referenceKeys = [
  fk('article', 'author_id', 'author', 'cascade'),
  fk('article', 'category_id', 'category', 'restrict'),
  fk('comment', 'article_id', 'article', 'cascade'),
  fk('comment', 'author_id', 'author', 'set null'),
  fk('api_token', 'author_id', 'author', 'cascade'),
];

const describeRelation = (r: { childTable: string; childColumn: string }) =>
  `${r.childTable}.${r.childColumn}`;

describe('planCascade (no database)', () => {
  const graph = buildRelationGraph(softDeleteTables, referenceKeys);

  it('reaches articles and comments from an author, ignoring SET NULL and api_token', () => {
    const plan = planCascade(graph, 'author');
    expect(plan.reach).toEqual(['author', 'article', 'comment']);
    expect(plan.cascade.map(describeRelation)).toEqual(['article.author_id', 'comment.article_id']);
    expect(plan.restrict).toEqual([]);
  });

  it('checks RESTRICT children of a category and cascades nowhere', () => {
    const plan = planCascade(graph, 'category');
    expect(plan.reach).toEqual(['category']);
    expect(plan.restrict.map(describeRelation)).toEqual(['article.category_id']);
  });

  it('follows one level at a time', () => {
    const plan = planCascade(graph, 'author');
    expect(relationsFrom(plan, new Set(['author'])).map(describeRelation)).toEqual(['article.author_id']);
    expect(relationsFrom(plan, new Set(['article'])).map(describeRelation)).toEqual(['comment.article_id']);
    expect(relationsFrom(plan, new Set(['comment']))).toEqual([]);
  });

  it('terminates on self-references and cycles', () => {
    const cyclic = buildRelationGraph(
      { a: { column: 'is_deleted', kind: 'boolean' }, b: { column: 'deleted_at', kind: 'timestamp' } },
      [
        fk('a', 'parent_id', 'a', 'cascade'),
        fk('b', 'a_id', 'a', 'cascade'),
        fk('a', 'b_id', 'b', 'cascade'),
      ],
    );
    const plan = planCascade(cyclic, 'a');
    expect(plan.reach).toEqual(['a', 'b']);
    expect(plan.cascade.map(describeRelation)).toEqual(['a.parent_id', 'b.a_id', 'a.b_id']);
  });

  it('applies overrides by column or constraint name, and rejects one that matches nothing', () => {
    const overridden = buildRelationGraph(softDeleteTables, referenceKeys, {
      overrides: { 'comment.author_id': 'cascade', article_category_id_fkey: 'cascade' },
    });
    expect(planCascade(overridden, 'author').cascade.map(describeRelation)).toEqual([
      'article.author_id',
      'comment.author_id',
      'comment.article_id',
    ]);
    expect(planCascade(overridden, 'category').reach).toEqual(['category', 'article', 'comment']);
    expect(() =>
      buildRelationGraph(softDeleteTables, referenceKeys, { overrides: { 'comment.autor_id': 'cascade' } }),
    ).toThrow(RelationGraphError);
  });

  it('refuses keys it cannot follow where a soft delete would have to: several columns, or not to the key', () => {
    const composite: ForeignKey = {
      ...fk('comment', 'article_id', 'article', 'cascade'),
      name: 'comment_article_fkey',
      childColumns: ['article_id', 'article_slug'],
      parentColumns: ['id', 'slug'],
    };
    const toSlug: ForeignKey = {
      ...fk('comment', 'article_slug', 'article', 'no action'),
      parentColumn: 'slug',
    };
    expect(() => buildRelationGraph(softDeleteTables, [composite])).toThrow(
      'Foreign key "comment_article_fkey" (comment(article_id, article_slug) → article(id, slug), ON DELETE CASCADE) ' +
        'cannot be followed by soft deletes: it has several columns. Make it reference "article"."id", ' +
        'or leave its rows alone on a soft delete with the override { "comment_article_fkey": "set null" }.',
    );
    expect(() => buildRelationGraph(softDeleteTables, [toSlug])).toThrow(
      /"comment_article_slug_fkey" .*: it references "slug", not the key column "id"/,
    );

    // Left alone (declared or overridden SET NULL), or from or into a table that is not
    // soft-deletable: no soft delete needs to follow them.
    const tolerated = buildRelationGraph(
      softDeleteTables,
      [
        composite,
        { ...toSlug, onDelete: 'set null' },
        { ...composite, name: 'x_fkey', parentTable: 'api_token', childTable: 'x' },
        { ...composite, name: 'token_fkey', childTable: 'api_token' },
        ...referenceKeys,
      ],
      { overrides: { comment_article_fkey: 'set null' } },
    );
    expect(tolerated.relations.map(describeRelation)).toEqual(
      buildRelationGraph(softDeleteTables, referenceKeys).relations.map(describeRelation),
    );
  });

  it('refuses a table that is not soft-deletable', () => {
    expect(() => planCascade(graph, 'api_token')).toThrow(/not soft-deletable/);
  });
});

describe('planRestoreChecks and planPurge (no database)', () => {
  const graph = buildRelationGraph(softDeleteTables, referenceKeys);

  it('checks CASCADE and RESTRICT parents on restore, not SET NULL ones', () => {
    expect(planRestoreChecks(graph, ['article', 'comment']).map(describeRelation)).toEqual([
      'article.author_id',
      'article.category_id',
      'comment.article_id',
    ]);
  });

  it('purges children before parents, guarding against live or younger children', () => {
    const plan = planPurge(graph);
    expect(plan.steps.map((s) => s.table)).toEqual(['comment', 'article', 'author', 'category']);
    expect(plan.cyclic).toBe(false);
    const authorStep = plan.steps.find((s) => s.table === 'author');
    // api_token (CASCADE) is left to the database; comment.author_id (SET NULL) too.
    expect(authorStep?.guards.map(describeRelation)).toEqual(['article.author_id']);
  });
});

describe('messages and root attribution (no database)', () => {
  const graph = buildRelationGraph(softDeleteTables, referenceKeys);
  const restrict = graph.relations.find((r) => r.childColumn === 'category_id');

  it('names the blocking table and count', () => {
    expect(restrict).toBeDefined();
    if (!restrict) return;
    expect(blockedMessage('category', 7, restrict, 7, 2)).toBe(
      'Cannot delete category 7: 2 live rows in "article" reference it (RESTRICT).',
    );
    expect(blockedMessage('category', 7, restrict, 7, 1)).toBe(
      'Cannot delete category 7: 1 live row in "article" references it (RESTRICT).',
    );
  });

  it('drops a whole tree by its root', () => {
    const roots = new RowRoots();
    roots.add('author', 1, 1);
    roots.add('article', 10, 1);
    roots.add('author', 2, 2);
    roots.add('article', 10, 2); // first root wins
    expect(roots.rootOf('article', 10)).toBe(1);
    roots.dropRoot(1);
    expect(roots.idsByTable()).toEqual(new Map([['author', [2]]]));
  });
});
