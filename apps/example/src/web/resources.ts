import type { TombstoneClient } from '@tombstone/sdk';

/** The API resource of each soft-deletable table of the reference schema. */
const RESOURCES = {
  article: 'articles',
  comment: 'comments',
  author: 'authors',
  category: 'categories',
} as const;

/** The tables the console knows. */
export const TABLES = Object.keys(RESOURCES) as (keyof typeof RESOURCES)[];

/** `hardDelete` of one row of `table` through the SDK. */
export async function hardDelete(client: TombstoneClient, table: string, id: number | string): Promise<void> {
  const resource = RESOURCES[table as keyof typeof RESOURCES];
  if (!resource) throw new Error(`Unknown table ${table}`);
  await client[resource].hardDelete.mutate({ id: Number(id) });
}

/** Author names by id, for "who" columns (authors are public). */
export async function authorNames(client: TombstoneClient): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  let cursor: string | undefined;
  do {
    const page = await client.authors.list.query({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const a of page.items) names.set(a.id, a.name);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && names.size < 1000);
  return names;
}
