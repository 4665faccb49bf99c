import { type Article, createClient, isTombstoneError, type TombstoneClient } from '@tombstone/sdk';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** The API's origin, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Where each step is printed; default `console.log`. */
  log?: (line: string) => void;
  /** Tokens of a regular user and of a staff user; default the demo tokens. */
  userToken?: string;
  staffToken?: string;
}

/** What the demo did, for whoever wants to check it. */
export interface DemoResult {
  articleId: number;
  /** The code `get` answered once the article was deleted. */
  getAfterDelete: string | null;
  /** Whether the article showed up in the staff's trash listing. */
  seenInTrash: boolean;
  /** The article as `restore` returned it. */
  restored: Article;
  /** The code `get` answered after the hard delete. */
  getAfterHardDelete: string | null;
}

function show(article: Article): string {
  return `#${article.id} "${article.title}" (/${article.slug}) by author ${article.authorId}${article.isDeleted ? ' [deleted]' : ''}`;
}

async function codeOf(call: Promise<unknown>): Promise<string | null> {
  try {
    await call;
    return null;
  } catch (error) {
    if (isTombstoneError(error)) return error.data?.code ?? 'UNKNOWN';
    throw error;
  }
}

/**
 * The whole soft-delete lifecycle through the SDK, as a third-party app would use it: list the
 * articles, write one as alice and delete it, see that `get` no longer finds it, find it in the
 * trash as staff, restore it, and finally delete it for good. Each step is printed. The demo
 * cleans up after itself, so it can run any number of times against the same server.
 *
 * @example
 * await runDemo({ url: 'http://127.0.0.1:3000' });
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const alice: TombstoneClient = createClient({
    url: options.url,
    token: options.userToken ?? 'demo-alice-token',
  });
  const admin: TombstoneClient = createClient({
    url: options.url,
    token: options.staffToken ?? 'demo-admin-token',
  });
  const step = (n: number, text: string) => log(`\n${n}. ${text}`);

  step(1, 'List the articles (anyone may read)');
  const page = await alice.articles.list.query({ limit: 10 });
  for (const article of page.items) log(`   ${show(article)}`);
  log(`   ${page.items.length} article(s)${page.nextCursor ? ', more on the next page' : ''}`);

  step(2, 'Alice writes an article: she is its author');
  const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const created = await alice.articles.create.mutate({
    title: `Written by the demo ${stamp}`,
    slug: `demo-${stamp}`,
    content: 'An article the demo deletes, restores and then deletes for good.',
  });
  log(`   created ${show(created)}`);

  step(3, 'Alice deletes her article (a soft delete: the row stays, flagged)');
  await alice.articles.delete.mutate({ id: created.id });
  log(`   articles.delete({ id: ${created.id} }) → ok`);

  step(4, 'Getting it now fails');
  const getAfterDelete = await codeOf(alice.articles.get.query({ id: created.id }));
  log(`   articles.get({ id: ${created.id} }) → ${getAfterDelete ?? 'found (unexpected!)'}`);

  step(5, 'Staff list the trash: admin.articles.list({ deleted: "only" })');
  const trash = await admin.admin.articles.list.query({ deleted: 'only', limit: 100 });
  for (const article of trash.items) log(`   ${show(article)}`);
  const seenInTrash = trash.items.some((a) => a.id === created.id);
  log(`   ${trash.items.length} deleted article(s); ours is ${seenInTrash ? '' : 'NOT '}among them`);

  step(6, 'Staff restore it');
  const restored = await admin.articles.restore.mutate({ id: created.id });
  log(`   restored ${show(restored)}`);
  const again = await alice.articles.get.query({ id: created.id });
  log(`   articles.get({ id: ${created.id} }) → ${show(again)}`);

  step(7, 'Staff delete it for good (hard delete)');
  await admin.articles.hardDelete.mutate({ id: created.id });
  const getAfterHardDelete = await codeOf(admin.admin.articles.get.query({ id: created.id }));
  log(
    `   articles.hardDelete({ id: ${created.id} }) → ok; admin.articles.get → ${getAfterHardDelete ?? 'found (unexpected!)'}`,
  );

  log('\nDone.');
  return { articleId: created.id, getAfterDelete, seenInTrash, restored, getAfterHardDelete };
}
