import type { Article, TombstoneClient } from '@tombstone/sdk';
import { confirmDialog } from '../confirm-dialog.js';
import { h, mount, plural } from '../dom.js';
import { attempt, showNotice } from '../errors.js';
import { authorNames } from '../resources.js';

const cursors: (string | undefined)[] = [undefined];

/** Live articles, each with a delete that first previews what it takes (or why it is blocked). */
export async function renderArticles(root: HTMLElement, client: TombstoneClient): Promise<void> {
  const cursor = cursors.at(-1);
  const page = await attempt(() => client.articles.list.query({ limit: 10, ...(cursor ? { cursor } : {}) }));
  const names = (await attempt(() => authorNames(client))) ?? new Map<number, string>();
  const rerender = () => void renderArticles(root, client);
  const items = page?.items ?? [];
  mount(
    root,
    h('h2', {}, 'Articles'),
    items.length === 0
      ? h('p', { class: 'empty' }, 'No live articles.')
      : h(
          'ul',
          { class: 'articles' },
          ...items.map((a) =>
            h(
              'li',
              { 'data-article': a.id },
              h('span', { class: 'title' }, a.title),
              h('span', { class: 'meta' }, `#${a.id} by ${names.get(a.authorId) ?? `author ${a.authorId}`}`),
              h(
                'button',
                { type: 'button', class: 'danger', onclick: () => void remove(client, a, rerender) },
                'Delete',
                h('span', { class: 'sr-only' }, ` ${a.title}`),
              ),
            ),
          ),
        ),
    h(
      'nav',
      { class: 'pager', 'aria-label': 'Pages' },
      h(
        'button',
        {
          type: 'button',
          disabled: cursors.length <= 1,
          onclick: () => {
            cursors.pop();
            rerender();
          },
        },
        'Previous',
      ),
      h(
        'button',
        {
          type: 'button',
          disabled: !page?.nextCursor,
          onclick: () => {
            cursors.push(page?.nextCursor ?? undefined);
            rerender();
          },
        },
        'Next',
      ),
    ),
  );
}

async function remove(client: TombstoneClient, article: Article, done: () => void): Promise<void> {
  const preview = await attempt(() => client.articles.previewDelete.query({ ids: [article.id] }));
  if (!preview) return;
  if (preview.blocked.length > 0) {
    await confirmDialog({
      title: `“${article.title}” cannot be deleted`,
      body: [
        h('p', {}, 'Live rows still reference it:'),
        h(
          'ul',
          {},
          ...preview.blocked.map((b) =>
            h('li', {}, `${plural(b.count, b.table)} through ${b.constraint} (RESTRICT)`),
          ),
        ),
        h('p', {}, 'Delete or reassign them first.'),
      ],
      confirmLabel: 'OK',
      informOnly: true,
    });
    return;
  }
  const others = preview.deletes.filter((d) => d.table !== 'article' || d.count !== 1);
  const ok = await confirmDialog({
    title: `Delete “${article.title}”?`,
    body: [
      h(
        'p',
        { class: 'preview' },
        others.length === 0
          ? 'Only this article is deleted.'
          : `This also deletes ${others.map((d) => plural(d.table === 'article' ? d.count - 1 : d.count, d.table)).join(', ')}.`,
      ),
      h('p', {}, 'Staff can restore it from the trash.'),
    ],
    confirmLabel: 'Delete',
    danger: true,
  });
  if (ok === null) return;
  const deleted = await attempt(async () => {
    await client.articles.delete.mutate({ id: article.id });
    return true;
  });
  if (deleted) {
    showNotice(`Deleted “${article.title}”.`);
    done();
  }
}
