import type { TombstoneClient } from '@tombstone/sdk';
import { h, mount } from '../dom.js';
import { attempt } from '../errors.js';

/** The retention purge's dry run: what a purge of rows older than N days would erase, keep, skip. */
export function renderPurge(root: HTMLElement, client: TombstoneClient): void {
  const days = h('input', { id: 'purge-days', type: 'number', min: 0, value: 30, inputmode: 'numeric' });
  const result = h('div', { class: 'purge-result', 'aria-live': 'polite' });
  const run = async () => {
    const olderThan = new Date(Date.now() - Number(days.value) * 86_400_000).toISOString();
    const preview = await attempt(() => client.admin.trash.purgePreview.query({ olderThan }));
    if (!preview) return;
    const tables = Object.keys({ ...preview.tables, ...preview.kept, ...preview.held });
    mount(
      result,
      h(
        'p',
        {},
        `A purge now would erase ${preview.total} rows deleted before ${new Date(preview.olderThan).toLocaleString()}.`,
      ),
      h(
        'table',
        { class: 'purge' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Table', 'Erased', 'Kept (referenced)', 'Held'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          ...tables.map((t) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, t),
              h('td', { 'data-label': 'Erased' }, preview.tables[t] ?? 0),
              h('td', { 'data-label': 'Kept' }, preview.kept[t] ?? 0),
              h('td', { 'data-label': 'Held' }, preview.held[t] ?? 0),
            ),
          ),
        ),
      ),
    );
  };
  mount(
    root,
    h('h2', {}, 'Purge dry run'),
    h(
      'form',
      {
        class: 'filters',
        onsubmit: (event) => {
          event.preventDefault();
          void run();
        },
      },
      h('label', { for: 'purge-days' }, 'Deleted more than (days) ago'),
      days,
      h('button', { type: 'submit' }, 'Dry run'),
    ),
    result,
  );
}
