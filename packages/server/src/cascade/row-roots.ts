/**
 * Which requested row (root) each affected row belongs to, so that a block or a conflict found
 * deep in a tree refuses exactly that root's tree and lets the others proceed.
 */
export class RowRoots {
  readonly #rootOf = new Map<string, Map<number, number>>();
  readonly #rowsOf = new Map<number, Array<[table: string, id: number]>>();

  /** Records that `table` row `id` belongs to `root`; a row keeps the first root it was given. */
  add(table: string, id: number, root: number): void {
    let rows = this.#rootOf.get(table);
    if (!rows) {
      rows = new Map();
      this.#rootOf.set(table, rows);
    }
    if (rows.has(id)) return;
    rows.set(id, root);
    const list = this.#rowsOf.get(root);
    if (list) list.push([table, id]);
    else this.#rowsOf.set(root, [[table, id]]);
  }

  rootOf(table: string, id: number): number | undefined {
    return this.#rootOf.get(table)?.get(id);
  }

  has(table: string, id: number): boolean {
    return this.#rootOf.get(table)?.has(id) ?? false;
  }

  /** Forgets a root and every row of its tree. */
  dropRoot(root: number): void {
    for (const [table, id] of this.#rowsOf.get(root) ?? []) this.#rootOf.get(table)?.delete(id);
    this.#rowsOf.delete(root);
  }

  roots(): number[] {
    return [...this.#rowsOf.keys()];
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
        : (this.#rowsOf.get(root) ?? []);
    for (const [table, id] of entries) {
      const ids = result.get(table);
      if (ids) ids.push(id);
      else result.set(table, [id]);
    }
    return result;
  }
}
