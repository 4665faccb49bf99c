import {
  articleSchema,
  authorSchema,
  type BulkResult,
  bulkResultSchema,
  categorySchema,
  commentSchema,
  type TombstoneClient,
} from '@tombstone/sdk';
import type { SoftDeleteOperation } from '@tombstone/server';
import type { SoftTable } from './db-state.js';
import type { DemoData } from './demo-data.js';

/** The resources of the reference API. */
export type ResourceName = 'articles' | 'comments' | 'authors' | 'categories';
export const RESOURCES: readonly ResourceName[] = ['articles', 'comments', 'authors', 'categories'];

/** Every procedure `softDeleteProcedures` generates. */
export type Operation = SoftDeleteOperation;
export const OPERATIONS: readonly Operation[] = [
  'list',
  'get',
  'create',
  'update',
  'delete',
  'bulkDelete',
  'restore',
  'bulkRestore',
  'hardDelete',
];
export const QUERIES: ReadonlySet<Operation> = new Set(['list', 'get']);

/** The admin procedures, under `admin.<resource>`. */
export type AdminOperation = 'list' | 'get' | 'update';
export const ADMIN_OPERATIONS: readonly AdminOperation[] = ['list', 'get', 'update'];

/** How the contract describes one resource, for tests that run over all four. */
export interface ResourceSpec {
  name: ResourceName;
  table: SoftTable;
  /** The shared Zod row schema. */
  row: { parse(value: unknown): unknown };
  /** A valid create input; `n` keeps unique values apart. */
  createInput(demo: DemoData, n: number): Record<string, unknown>;
  /** A valid `update` patch. */
  patch: Record<string, unknown>;
  /** A row alice may update and delete (for categories, which only staff write: any row). */
  aliceRow(demo: DemoData): number;
  /** A row owned by bob (categories: another row). */
  bobRow(demo: DemoData): number;
  /** The list filter matching `createInput(…, n)` rows as a substring, in another case. */
  textFilter: { key: string; value: (n: number) => string };
}

export const SPECS: Record<ResourceName, ResourceSpec> = {
  articles: {
    name: 'articles',
    table: 'article',
    row: articleSchema,
    createInput: (demo, n) => ({
      title: `Contract article ${n}`,
      slug: `contract-article-${n}`,
      content: `Body of contract article ${n}.`,
      categoryId: demo.categories.engineering,
    }),
    patch: { title: 'Patched title' },
    aliceRow: (demo) => first(demo.articles.alice),
    bobRow: (demo) => first(demo.articles.bob),
    textFilter: { key: 'title', value: (n) => `CONTRACT ARTICLE ${n}` },
  },
  comments: {
    name: 'comments',
    table: 'comment',
    row: commentSchema,
    createInput: (demo, n) => ({ articleId: first(demo.articles.bob), body: `Contract comment ${n}` }),
    patch: { body: 'Patched body' },
    aliceRow: (demo) => first(demo.comments.alice),
    bobRow: (demo) => first(demo.comments.bob),
    textFilter: { key: 'body', value: (n) => `CONTRACT COMMENT ${n}` },
  },
  authors: {
    name: 'authors',
    table: 'author',
    row: authorSchema,
    createInput: (_demo, n) => ({ name: `Contract author ${n}`, email: `contract-${n}@example.com` }),
    patch: { name: 'Patched name' },
    aliceRow: (demo) => demo.authors.alice,
    bobRow: (demo) => demo.authors.bob,
    textFilter: { key: 'name', value: (n) => `CONTRACT AUTHOR ${n}` },
  },
  categories: {
    name: 'categories',
    table: 'category',
    row: categorySchema,
    createInput: (_demo, n) => ({ name: `Contract category ${n}` }),
    patch: { name: 'Patched name' },
    aliceRow: (demo) => demo.categories.engineering,
    bobRow: (demo) => demo.categories.announcements,
    textFilter: { key: 'name', value: (n) => `CONTRACT CATEGORY ${n}` },
  },
};

function first(ids: readonly number[]): number {
  const id = ids[0];
  if (id === undefined) throw new Error('the demo data has no such row');
  return id;
}

type Call = (input?: unknown) => Promise<unknown>;
interface AnyProcedure {
  query: Call;
  mutate: Call;
}

/** The procedures of one resource, called without the per-resource types (tests over all four). */
export type Procedures = Record<Operation, Call>;

/**
 * `client.<resource>.<operation>` as plain functions, so one test can run against every
 * resource; queries are sent as queries and mutations as mutations, exactly as the SDK does.
 */
export function proceduresOf(client: TombstoneClient, resource: ResourceName): Procedures {
  const router = client[resource] as unknown as Record<Operation, AnyProcedure>;
  return Object.fromEntries(
    OPERATIONS.map((op) => [
      op,
      (input?: unknown) => (QUERIES.has(op) ? router[op].query(input) : router[op].mutate(input)),
    ]),
  ) as Procedures;
}

/** `client.admin.<resource>.<operation>` as plain functions. */
export function adminProceduresOf(
  client: TombstoneClient,
  resource: ResourceName,
): Record<AdminOperation, Call> {
  const router = client.admin[resource] as unknown as Record<AdminOperation, AnyProcedure>;
  return {
    list: (input) => router.list.query(input),
    get: (input) => router.get.query(input),
    update: (input) => router.update.mutate(input),
  };
}

/** A list page, as every `list` returns it. */
export interface Page {
  items: Array<Record<string, unknown> & { id: number }>;
  nextCursor: string | null;
}

/** Parses a `BulkResult` strictly: exactly the contract's keys, nothing more. */
export function expectBulkResult(value: unknown): BulkResult {
  const result = bulkResultSchema.parse(value);
  const keys = (o: object) => Object.keys(o).sort();
  const raw = value as BulkResult;
  if (keys(raw).join() !== 'errors,success') throw new Error(`BulkResult keys: ${keys(raw)}`);
  if (keys(raw.success).join() !== 'count,details') throw new Error(`success keys: ${keys(raw.success)}`);
  if (keys(raw.errors).join() !== 'count,details') throw new Error(`errors keys: ${keys(raw.errors)}`);
  for (const error of raw.errors.details) {
    if (keys(error).join() !== 'code,id,message') throw new Error(`error keys: ${keys(error)}`);
  }
  if (result.success.count !== result.success.details.length) throw new Error('success.count mismatch');
  if (result.errors.count !== result.errors.details.length) throw new Error('errors.count mismatch');
  return result;
}

/** Whether the SDK returned the resource's row: validates it with the shared Zod row schema. */
export function parseRow(spec: ResourceSpec, value: unknown): Record<string, unknown> & { id: number } {
  return spec.row.parse(value) as Record<string, unknown> & { id: number };
}

/** Whether a wire row is soft-deleted (`isDeleted`, or `deletedAt` for categories). */
export function wireDeleted(row: Record<string, unknown>): boolean {
  return 'isDeleted' in row ? row.isDeleted === true : row.deletedAt !== null;
}
