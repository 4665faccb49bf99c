import type { Batch, TombstoneClient } from '@tombstone/sdk';
import { countsText, h, mount } from '../dom.js';
import { attempt } from '../errors.js';
import { authorNames, TABLES } from '../resources.js';
import { runningJobsSection } from './running-jobs-view.js';

/** Filters and the cursors of the pages seen, so "Newer" can go back. */
interface State {
  table: string;
  actorId: string;
  cursors: (string | undefined)[];
}

const state: State = { table: '', actorId: '', cursors: [undefined] };

/**
 * The list of batches: who deleted what, when, how many rows, held or not; filterable, paginated.
 * Above it, the large deletes and restores still running, with their progress.
 */
export async function renderBatches(root: HTMLElement, client: TombstoneClient): Promise<void> {
  const names = (await attempt(() => authorNames(client))) ?? new Map<number, string>();
  const cursor = state.cursors.at(-1);
  const page = await attempt(() =>
    client.admin.trash.batches.query({
      limit: 10,
      ...(cursor ? { cursor } : {}),
      ...(state.table ? { table: state.table } : {}),
      ...(state.actorId ? { actorId: Number(state.actorId) } : {}),
    }),
  );
  const rerender = () => void renderBatches(root, client);
  const tableSelect = h(
    'select',
    { id: 'filter-table', name: 'table' },
    h('option', { value: '' }, 'All tables'),
    ...TABLES.map((t) => h('option', { value: t, selected: state.table === t }, t)),
  );
  const personSelect = h(
    'select',
    { id: 'filter-actor', name: 'actor' },
    h('option', { value: '' }, 'Everyone'),
    ...[...names].map(([id, name]) =>
      h('option', { value: id, selected: state.actorId === String(id) }, name),
    ),
  );
  const filters = h(
    'form',
    {
      class: 'filters',
      'aria-label': 'Filter batches',
      onsubmit: (event) => {
        event.preventDefault();
        state.table = tableSelect.value;
        state.actorId = personSelect.value;
        state.cursors = [undefined];
        rerender();
      },
    },
    h('label', { for: 'filter-table' }, 'Table'),
    tableSelect,
    h('label', { for: 'filter-actor' }, 'Deleted by'),
    personSelect,
    h('button', { type: 'submit' }, 'Filter'),
  );
  const who = (b: Batch) =>
    b.actorId === null ? 'system' : (names.get(Number(b.actorId)) ?? `author ${b.actorId}`);
  const items = page?.items ?? [];
  const list =
    items.length === 0
      ? h('p', { class: 'empty' }, 'The trash is empty for these filters.')
      : h(
          'table',
          { class: 'batches' },
          h('caption', {}, 'Deleted batches, newest first'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['When', 'Who', 'What', 'How many', 'Hold', ''].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          h(
            'tbody',
            {},
            ...items.map((b) =>
              h(
                'tr',
                { 'data-batch': b.batchId },
                h(
                  'td',
                  { 'data-label': 'When' },
                  h('time', { datetime: b.deletedAt }, formatTime(b.deletedAt)),
                ),
                h('td', { 'data-label': 'Who' }, who(b)),
                h('td', { 'data-label': 'What' }, `${b.table} ${b.ids.join(', ')}`),
                h('td', { 'data-label': 'How many' }, countsText(b.counts)),
                h('td', { 'data-label': 'Hold' }, b.held ? h('span', { class: 'badge held' }, 'held') : '—'),
                h(
                  'td',
                  {},
                  h(
                    'a',
                    { href: `#batch/${b.batchId}` },
                    'Open',
                    h('span', { class: 'sr-only' }, ` batch of ${b.table} ${b.ids.join(', ')}`),
                  ),
                ),
              ),
            ),
          ),
        );
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    h(
      'button',
      {
        type: 'button',
        disabled: state.cursors.length <= 1,
        onclick: () => {
          state.cursors.pop();
          rerender();
        },
      },
      'Newer',
    ),
    h(
      'button',
      {
        type: 'button',
        disabled: !page?.nextCursor,
        onclick: () => {
          state.cursors.push(page?.nextCursor ?? undefined);
          rerender();
        },
      },
      'Older',
    ),
  );
  mount(root, h('h2', {}, 'Trash'), runningJobsSection(client, rerender), filters, list, pager);
}

/** A timestamp in the person's locale. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}
