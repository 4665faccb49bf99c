import { compareIds, type RowId } from './row-id.js';

/**
 * Which requested row (root) each affected row belongs to, so that a block or a conflict found
 * deep in a tree refuses exactly that root's tree and lets the others proceed.
 */
export class RowRoots {
  readonly #rootOf = new Map<string, Map<RowId, RowId>>();
  /** Rows per root: built on first need (most calls never drop a root), then kept up to date. */
  #rowsOf: Map<RowId, Array<[table: string, id: RowId]>> | undefined;

  /** Records that `table` row `id` belongs to `root`; a row keeps the first root it was given. */
  add(table: string, id: RowId, root: RowId): void {
    let rows = this.#rootOf.get(table);
    if (!rows) {
      rows = new Map();
      this.#rootOf.set(table, rows);
    }
    if (rows.has(id)) return;
    rows.set(id, root);
    if (this.#rowsOf) RowRoots.#push(this.#rowsOf, root, table, id);
  }

  static #push(rowsOf: Map<RowId, Array<[string, RowId]>>, root: RowId, table: string, id: RowId): void {
    const list = rowsOf.get(root);
    if (list) list.push([table, id]);
    else rowsOf.set(root, [[table, id]]);
  }

  #byRoot(): Map<RowId, Array<[string, RowId]>> {
    if (!this.#rowsOf) {
      const rowsOf = new Map<RowId, Array<[string, RowId]>>();
      for (const [table, rows] of this.#rootOf) {
        for (const [id, root] of rows) RowRoots.#push(rowsOf, root, table, id);
      }
      this.#rowsOf = rowsOf;
    }
    return this.#rowsOf;
  }

  rootOf(table: string, id: RowId): RowId | undefined {
    return this.#rootOf.get(table)?.get(id);
  }

  has(table: string, id: RowId): boolean {
    return this.#rootOf.get(table)?.has(id) ?? false;
  }

  /** Forgets a root and every row of its tree. */
  dropRoot(root: RowId): void {
    const byRoot = this.#byRoot();
    for (const [table, id] of byRoot.get(root) ?? []) this.#rootOf.get(table)?.delete(id);
    byRoot.delete(root);
  }

  /** The roots, in id order. */
  roots(): RowId[] {
    return [...this.#byRoot().keys()].sort(compareIds);
  }

  tables(): string[] {
    return [...this.#rootOf].filter(([, rows]) => rows.size > 0).map(([table]) => table);
  }

  /** Ids per table, optionally of one root's tree only. */
  idsByTable(root?: RowId): Map<string, RowId[]> {
    const result = new Map<string, RowId[]>();
    const entries: Iterable<[string, RowId]> =
      root === undefined
        ? [...this.#rootOf].flatMap(([table, rows]) =>
            [...rows.keys()].map((id): [string, RowId] => [table, id]),
          )
        : (this.#byRoot().get(root) ?? []);
    for (const [table, id] of entries) {
      const ids = result.get(table);
      if (ids) ids.push(id);
      else result.set(table, [id]);
    }
    return result;
  }
}
