import type { Kysely } from 'kysely';
import type { Database } from '../fixtures/database.js';

/**
 * A small world with deleted rows everywhere (ids are stable: each test starts from an empty,
 * identity-restarted database):
 *
 * | table    | live        | deleted                   |
 * |----------|-------------|---------------------------|
 * | team   | 1 alice     | 2 bob                     |
 * | label | 1 News      | 2 Old (`deleted_at` set)  |
 * | project  | 1, 2, 4     | 3                         |
 * | task  | 1, 3        | 2, 4                      |
 *
 * Project 1 (alice, News) has tasks 1 (live) and 2 (deleted); project 2 (alice, Old) has
 * task 4 (deleted); deleted project 3 (alice) has live task 3; project 4 is bob's.
 */
export async function seedWorld(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('team')
    .values([
      { name: 'alice', handle: 'alice' },
      { name: 'bob', handle: 'bob', is_deleted: true },
    ])
    .execute();
  await db
    .insertInto('label')
    .values([{ name: 'News' }, { name: 'Old', deleted_at: new Date('2024-01-01T00:00:00Z') }])
    .execute();
  await db
    .insertInto('project')
    .values([
      { team_id: 1, label_id: 1, name: 'one', code: 'one', summary: '' },
      { team_id: 1, label_id: 2, name: 'two', code: 'two', summary: '' },
      { team_id: 1, label_id: null, name: 'three', code: 'three', summary: '', is_deleted: true },
      { team_id: 2, label_id: 1, name: 'four', code: 'four', summary: '' },
    ])
    .execute();
  await db
    .insertInto('task')
    .values([
      { project_id: 1, team_id: 1, title: 'c1' },
      { project_id: 1, team_id: 1, title: 'c2', is_deleted: true },
      { project_id: 3, team_id: 2, title: 'c3' },
      { project_id: 2, team_id: null, title: 'c4', is_deleted: true },
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
