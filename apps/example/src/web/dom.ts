/** Children of {@link h}: elements, text, or nothing. */
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element with attributes (`on*` functions become listeners) and children. Text is
 * always inserted as text, never parsed as HTML.
 *
 * @example
 * h('button', { type: 'button', onclick: () => save() }, 'Save');
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | ((event: Event) => void) | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : String(child));
  }
  return element;
}

/** Replaces the content of `parent`. */
export function mount(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'object' ? child : String(child));
  }
}

/** "3 comments", "1 comment". */
export function plural(count: number, table: string): string {
  return `${count} ${count === 1 ? table : `${table}s`}`;
}

/** A list of per-table counts as text: "1 article, 12 comments". */
export function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([table, n]) => plural(n, table));
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}
