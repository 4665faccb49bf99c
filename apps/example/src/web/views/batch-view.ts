import type { BatchNode, BatchTree, TombstoneClient } from '@tombstone/sdk';
import { confirmDialog } from '../confirm-dialog.js';
import { countsText, h, mount, plural } from '../dom.js';
import { attempt, navigateWithNotice, showNotice } from '../errors.js';
import { authorNames, hardDelete } from '../resources.js';
import { formatTime } from './batches-view.js';

/** One batch: its tree (parent → children with counts, rows on demand) and its actions. */
export async function renderBatch(
  root: HTMLElement,
  client: TombstoneClient,
  batchId: string,
): Promise<void> {
  const tree = await attempt(() => client.admin.trash.batch.query({ batchId }));
  if (!tree) {
    mount(root, h('p', {}, h('a', { href: '#batches' }, 'Back to the trash')));
    return;
  }
  const { batch } = tree;
  const names = (await attempt(() => authorNames(client))) ?? new Map<number, string>();
  const rerender = () => void renderBatch(root, client, batchId);
  const actions = h(
    'div',
    { class: 'actions' },
    h(
      'button',
      { type: 'button', class: 'primary', onclick: () => void restore(client, tree) },
      'Restore batch',
    ),
    batch.held
      ? h(
          'button',
          { type: 'button', onclick: () => void release(client, batchId, rerender) },
          'Release hold',
        )
      : h('button', { type: 'button', onclick: () => void hold(client, batchId, rerender) }, 'Hold'),
    h(
      'button',
      { type: 'button', class: 'danger', onclick: () => void destroy(client, tree, rerender) },
      'Hard-delete…',
    ),
  );
  mount(
    root,
    h('p', {}, h('a', { href: '#batches' }, '← Trash')),
    h('h2', {}, `Batch: ${batch.table} ${batch.ids.join(', ')}`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Deleted'),
      h('dd', {}, formatTime(batch.deletedAt)),
      h('dt', {}, 'By'),
      h(
        'dd',
        {},
        batch.actorId === null ? 'system' : (names.get(Number(batch.actorId)) ?? `author ${batch.actorId}`),
      ),
      h('dt', {}, 'Rows'),
      h('dd', {}, countsText(batch.counts)),
      h('dt', {}, 'Hold'),
      h('dd', {}, batch.held ? `held: ${batch.holdReason ?? ''}` : 'none'),
    ),
    actions,
    h('h3', {}, 'What it took'),
    treeList(client, tree, null, new Set()),
  );
}

/** The nodes under `parent` as a nested list; each node can show its rows. */
function treeList(
  client: TombstoneClient,
  tree: BatchTree,
  parent: string | null,
  path: Set<string>,
): HTMLElement {
  const children = tree.nodes.filter((n) => n.parentTable === parent && !path.has(n.table));
  return h(
    'ul',
    { class: 'tree' },
    ...children.map((node) => {
      const rows = h('div', { class: 'rows' });
      const next = new Set(path).add(node.table);
      return h(
        'li',
        {},
        h(
          'details',
          {
            ontoggle: (event) => {
              const open = (event.target as HTMLDetailsElement).open;
              if (open && rows.childElementCount === 0) void loadRows(client, tree.batch.batchId, node, rows);
            },
          },
          h(
            'summary',
            {},
            plural(node.count, node.table),
            node.parentTable ? ` (from ${node.parentTable})` : '',
          ),
          rows,
        ),
        node.table === parent ? null : treeList(client, tree, node.table, next),
      );
    }),
  );
}

async function loadRows(
  client: TombstoneClient,
  batchId: string,
  node: BatchNode,
  into: HTMLElement,
  cursor?: string,
) {
  const page = await attempt(() =>
    client.admin.trash.batchRows.query({
      batchId,
      table: node.table,
      limit: 50,
      ...(cursor ? { cursor } : {}),
    }),
  );
  if (!page) return;
  into.querySelector('button.more')?.remove();
  into.append(
    ...page.items
      .filter((r) => node.parentTable === null || r.parentTable === node.parentTable)
      .map((r) =>
        h(
          'span',
          { class: 'chip' },
          `${node.table} ${r.rowId}`,
          r.parentId === null ? '' : ` ← ${r.parentTable} ${r.parentId}`,
        ),
      ),
  );
  if (page.nextCursor) {
    const more = page.nextCursor;
    into.append(
      h(
        'button',
        { type: 'button', class: 'more', onclick: () => void loadRows(client, batchId, node, into, more) },
        'More rows',
      ),
    );
  }
}

async function restore(client: TombstoneClient, tree: BatchTree): Promise<void> {
  const ok = await confirmDialog({
    title: 'Restore this batch?',
    body: [h('p', {}, `This brings back ${countsText(tree.batch.counts)}.`)],
    confirmLabel: 'Restore',
  });
  if (ok === null) return;
  const result = await attempt(() => client.admin.trash.restoreBatch.mutate({ batchId: tree.batch.batchId }));
  if (!result) return;
  navigateWithNotice('#batches', `Restored ${countsText(result.restored)}.`);
}

async function hold(client: TombstoneClient, batchId: string, done: () => void): Promise<void> {
  const reason = await confirmDialog({
    title: 'Put this batch on legal hold',
    body: [h('p', {}, 'Held rows are never purged and cannot be hard-deleted.')],
    confirmLabel: 'Hold',
    input: { label: 'Reason', required: true },
  });
  if (reason === null) return;
  if (await attempt(() => client.admin.trash.hold.mutate({ batchId, reason }))) {
    showNotice('The batch is on hold.');
    done();
  }
}

async function release(client: TombstoneClient, batchId: string, done: () => void): Promise<void> {
  if (await attempt(() => client.admin.trash.release.mutate({ batchId }))) {
    showNotice('The hold is released.');
    done();
  }
}

async function destroy(client: TombstoneClient, tree: BatchTree, done: () => void): Promise<void> {
  const { batch } = tree;
  const ok = await confirmDialog({
    title: 'Hard-delete for good?',
    body: [
      h(
        'p',
        {},
        `This erases ${batch.table} ${batch.ids.join(', ')} and what the database cascades from them. It cannot be undone.`,
      ),
    ],
    confirmLabel: 'Hard-delete',
    typed: 'delete',
    danger: true,
  });
  if (ok === null) return;
  for (const id of batch.ids) {
    const done1 = await attempt(async () => {
      await hardDelete(client, batch.table, id);
      return true;
    });
    if (!done1) {
      done();
      return;
    }
  }
  navigateWithNotice('#batches', `Hard-deleted ${batch.table} ${batch.ids.join(', ')}.`);
}
