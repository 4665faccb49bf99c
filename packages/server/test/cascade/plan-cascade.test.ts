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
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';

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

/** The project tracker's foreign keys, as the catalog reports them. */
const trackerKeys = [
  fk('project', 'team_id', 'team', 'cascade'),
  fk('project', 'label_id', 'label', 'restrict'),
  fk('task', 'project_id', 'project', 'cascade'),
  fk('task', 'team_id', 'team', 'set null'),
  fk('task', 'parent_task_id', 'task', 'cascade'),
  fk('api_key', 'team_id', 'team', 'cascade'),
];

const describeRelation = (r: { childTable: string; childColumn: string }) =>
  `${r.childTable}.${r.childColumn}`;

describe('planCascade (no database)', () => {
  const graph = buildRelationGraph(softDeleteTables, trackerKeys);

  it('reaches projects, tasks and subtasks from a team, ignoring SET NULL and api_key', () => {
    const plan = planCascade(graph, 'team');
    expect(plan.reach).toEqual(['team', 'project', 'task']);
    expect(plan.cascade.map(describeRelation)).toEqual([
      'project.team_id',
      'task.project_id',
      'task.parent_task_id',
    ]);
    expect(plan.restrict).toEqual([]);
  });

  it('checks RESTRICT children of a label and cascades nowhere', () => {
    const plan = planCascade(graph, 'label');
    expect(plan.reach).toEqual(['label']);
    expect(plan.restrict.map(describeRelation)).toEqual(['project.label_id']);
  });

  it('follows one level at a time', () => {
    const plan = planCascade(graph, 'team');
    expect(relationsFrom(plan, new Set(['team'])).map(describeRelation)).toEqual(['project.team_id']);
    expect(relationsFrom(plan, new Set(['project'])).map(describeRelation)).toEqual(['task.project_id']);
    // Subtasks follow their task, level by level.
    expect(relationsFrom(plan, new Set(['task'])).map(describeRelation)).toEqual(['task.parent_task_id']);
    expect(relationsFrom(plan, new Set(['label']))).toEqual([]);
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
    const overridden = buildRelationGraph(softDeleteTables, trackerKeys, {
      overrides: { 'task.team_id': 'cascade', project_label_id_fkey: 'cascade' },
    });
    expect(planCascade(overridden, 'team').cascade.map(describeRelation)).toEqual([
      'project.team_id',
      'task.team_id',
      'task.project_id',
      'task.parent_task_id',
    ]);
    expect(planCascade(overridden, 'label').reach).toEqual(['label', 'project', 'task']);
    expect(() =>
      buildRelationGraph(softDeleteTables, trackerKeys, { overrides: { 'task.tem_id': 'cascade' } }),
    ).toThrow(RelationGraphError);
  });

  it('refuses keys it cannot follow where a soft delete would have to: several columns, or not to the key', () => {
    const composite: ForeignKey = {
      ...fk('task', 'project_id', 'project', 'cascade'),
      name: 'task_project_fkey',
      childColumns: ['project_id', 'project_code'],
      parentColumns: ['id', 'code'],
    };
    const toCode: ForeignKey = {
      ...fk('task', 'project_code', 'project', 'no action'),
      parentColumn: 'code',
    };
    expect(() => buildRelationGraph(softDeleteTables, [composite])).toThrow(
      'Foreign key "task_project_fkey" (task(project_id, project_code) → project(id, code), ON DELETE CASCADE) ' +
        'cannot be followed by soft deletes: it has several columns. Make it reference "project"."id", ' +
        'or leave its rows alone on a soft delete with the override { "task_project_fkey": "set null" }.',
    );
    expect(() => buildRelationGraph(softDeleteTables, [toCode])).toThrow(
      /"task_project_code_fkey" .*: it references "code", not the key column "id"/,
    );

    // Left alone (declared or overridden SET NULL), or from or into a table that is not
    // soft-deletable: no soft delete needs to follow them.
    const tolerated = buildRelationGraph(
      softDeleteTables,
      [
        composite,
        { ...toCode, onDelete: 'set null' },
        { ...composite, name: 'x_fkey', parentTable: 'api_key', childTable: 'x' },
        { ...composite, name: 'token_fkey', childTable: 'api_key' },
        ...trackerKeys,
      ],
      { overrides: { task_project_fkey: 'set null' } },
    );
    expect(tolerated.relations.map(describeRelation)).toEqual(
      buildRelationGraph(softDeleteTables, trackerKeys).relations.map(describeRelation),
    );
  });

  it('refuses a table that is not soft-deletable', () => {
    expect(() => planCascade(graph, 'api_key')).toThrow(/not soft-deletable/);
  });
});

describe('planRestoreChecks and planPurge (no database)', () => {
  const graph = buildRelationGraph(softDeleteTables, trackerKeys);

  it('checks CASCADE and RESTRICT parents on restore, not SET NULL ones', () => {
    expect(planRestoreChecks(graph, ['project', 'task']).map(describeRelation)).toEqual([
      'project.team_id',
      'project.label_id',
      'task.project_id',
      'task.parent_task_id',
    ]);
  });

  it('purges children before parents, guarding against live or younger children', () => {
    const plan = planPurge(graph);
    expect(plan.steps.map((s) => s.table)).toEqual(['task', 'project', 'team', 'label']);
    // task references itself (subtasks): the purge repeats its passes until none purges.
    expect(plan.cyclic).toBe(true);
    expect(plan.steps.find((s) => s.table === 'task')?.guards.map(describeRelation)).toEqual([
      'task.parent_task_id',
    ]);
    const acyclic = trackerKeys.filter((key) => key.childTable !== key.parentTable);
    expect(planPurge(buildRelationGraph(softDeleteTables, acyclic)).cyclic).toBe(false);
    const teamStep = plan.steps.find((s) => s.table === 'team');
    // api_key (CASCADE) is left to the database; task.team_id (SET NULL) too.
    expect(teamStep?.guards.map(describeRelation)).toEqual(['project.team_id']);
  });
});

describe('messages and root attribution (no database)', () => {
  const graph = buildRelationGraph(softDeleteTables, trackerKeys);
  const restrict = graph.relations.find((r) => r.childColumn === 'label_id');

  it('names the blocking table and count', () => {
    expect(restrict).toBeDefined();
    if (!restrict) return;
    expect(blockedMessage('label', 7, restrict, 7, 2)).toBe(
      'Cannot delete label 7: 2 live rows in "project" reference it (RESTRICT).',
    );
    expect(blockedMessage('label', 7, restrict, 7, 1)).toBe(
      'Cannot delete label 7: 1 live row in "project" references it (RESTRICT).',
    );
  });

  it('drops a whole tree by its root', () => {
    const roots = new RowRoots();
    roots.add('team', 1, 1);
    roots.add('project', 10, 1);
    roots.add('team', 2, 2);
    roots.add('project', 10, 2); // first root wins
    expect(roots.rootOf('project', 10)).toBe(1);
    roots.dropRoot(1);
    expect(roots.idsByTable()).toEqual(new Map([['team', [2]]]));
  });
});
