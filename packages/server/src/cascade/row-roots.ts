/**
 * Which requested row (root) each affected row belongs to, so that a block or a conflict found
 * deep in a tree refuses exactly that root's tree and lets the others proceed.
 */
export class RowRoots {
  readonly #rootOf = new Map<string, Map<number, number>>();
  /** Rows per root: built on first need (most calls never drop a root), then kept up to date. */
  #rowsOf: Map<number, Array<[table: string, id: number]>> | undefined;

  /** Records that `table` row `id` belongs to `root`; a row keeps the first root it was given. */
  add(table: string, id: number, root: number): void {
    let rows = this.#rootOf.get(table);
    if (!rows) {
      rows = new Map();
      this.#rootOf.set(table, rows);
    }
    if (rows.has(id)) return;
    rows.set(id, root);
    if (this.#rowsOf) RowRoots.#push(this.#rowsOf, root, table, id);
  }

  static #push(rowsOf: Map<number, Array<[string, number]>>, root: number, table: string, id: number): void {
    const list = rowsOf.get(root);
    if (list) list.push([table, id]);
    else rowsOf.set(root, [[table, id]]);
  }

  #byRoot(): Map<number, Array<[string, number]>> {
    if (!this.#rowsOf) {
      const rowsOf = new Map<number, Array<[string, number]>>();
      for (const [table, rows] of this.#rootOf) {
        for (const [id, root] of rows) RowRoots.#push(rowsOf, root, table, id);
      }
      this.#rowsOf = rowsOf;
    }
    return this.#rowsOf;
  }

  rootOf(table: string, id: number): number | undefined {
    return this.#rootOf.get(table)?.get(id);
  }

  has(table: string, id: number): boolean {
    return this.#rootOf.get(table)?.has(id) ?? false;
  }

  /** Forgets a root and every row of its tree. */
  dropRoot(root: number): void {
    const byRoot = this.#byRoot();
    for (const [table, id] of byRoot.get(root) ?? []) this.#rootOf.get(table)?.delete(id);
    byRoot.delete(root);
  }

  roots(): number[] {
    return [...this.#byRoot().keys()];
  }

  tables(): string[] {
    return [...this.#rootOf].filter(([, rows]) => rows.size > 0).map(([table]) => table);
  }

  /** Ids per table, optionally of one root's tree only. */
  idsByTable(root?: number): Map<string, number[]> {
    const result = new Map<string, number[]>();
    const entries: Iterable<[string, number]> =
      root === undefined
        ? [...this.#rootOf].flatMap(([table, rows]) =>
            [...rows.keys()].map((id): [string, number] => [table, id]),
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
