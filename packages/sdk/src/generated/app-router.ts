// Generated from the reference router by scripts/router-types.ts: do not edit.
// Regenerate with `npm run generate -w packages/sdk` (typecheck fails while it is stale).
import type { ZodErrorData } from '@tombstone/shared';
import type {
  TRPC_ERROR_CODE_NUMBER,
  TRPCBuiltRouter,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
} from '@trpc/server';

/** The error shape of the reference API: tRPC's, with the Zod issues of a `BAD_REQUEST`. */
export type ErrorShape = { message: string; code: TRPC_ERROR_CODE_NUMBER; data: { code: "PARSE_ERROR" | "BAD_REQUEST" | "INTERNAL_SERVER_ERROR" | "NOT_IMPLEMENTED" | "BAD_GATEWAY" | "SERVICE_UNAVAILABLE" | "GATEWAY_TIMEOUT" | "UNAUTHORIZED" | "PAYMENT_REQUIRED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_SUPPORTED" | "TIMEOUT" | "CONFLICT" | "PRECONDITION_FAILED" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "UNPROCESSABLE_CONTENT" | "PRECONDITION_REQUIRED" | "TOO_MANY_REQUESTS" | "CLIENT_CLOSED_REQUEST"; httpStatus: number; path?: string | undefined; stack?: string | undefined; zodError: ZodErrorData | null; }; };

type Query<TInput, TOutput> = TRPCQueryProcedure<{ input: TInput; output: TOutput; meta: object; errorShape: ErrorShape }>;
type Mutation<TInput, TOutput> = TRPCMutationProcedure<{
  input: TInput;
  output: TOutput;
  meta: object;
  errorShape: ErrorShape;
}>;

/** The reference API's router, as clients see it: `createTRPCClient<AppRouter>()`. */
export type AppRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: ErrorShape; transformer: false },
  {
    health: Query<void, { ok: true; }>;
    articles: {
      list: Query<{ limit?: number | undefined; cursor?: string | undefined; filter?: { title?: string | undefined; authorId?: number | undefined; categoryId?: number | undefined; } | undefined; } | undefined, { items: { id: number; authorId: number; categoryId: number | null; title: string; slug: string; content: string; isDeleted: boolean; createdAt: string; updatedAt: string; }[]; nextCursor: string | null; }>;
      get: Query<{ id: number; }, { id: number; authorId: number; categoryId: number | null; title: string; slug: string; content: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      create: Mutation<{ title: string; slug: string; content: string; categoryId?: number | null | undefined; }, { id: number; authorId: number; categoryId: number | null; title: string; slug: string; content: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      update: Mutation<{ id: number; patch: { title?: string | undefined; slug?: string | undefined; content?: string | undefined; categoryId?: number | null | undefined; }; }, { id: number; authorId: number; categoryId: number | null; title: string; slug: string; content: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      delete: Mutation<{ id: number; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, undefined>;
      bulkDelete: Mutation<{ ids: number[]; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { success: { count: number; details: number[]; }; errors: { count: number; details: { id: number; code: "FORBIDDEN" | "NOT_FOUND" | "CONFLICT"; message: string; }[]; }; }>;
      previewDelete: Query<{ ids: number[]; }, { deletes: { table: string; count: number; }[]; blocked: { table: string; count: number; constraint: string; }[]; }>;
      restore: Mutation<{ id: number; withAncestors?: boolean | undefined; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { id: number; authorId: number; categoryId: number | null; title: string; slug: string; content: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      bulkRestore: Mutation<{ ids: number[]; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { success: { count: number; details: number[]; }; errors: { count: number; details: { id: number; code: "FORBIDDEN" | "NOT_FOUND" | "CONFLICT"; message: string; }[]; }; }>;
      hardDelete: Mutation<{ id: number; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, undefined>;
    };
    comments: {
      list: Query<{ limit?: number | undefined; cursor?: string | undefined; filter?: { body?: string | undefined; articleId?: number | undefined; authorId?: number | undefined; } | undefined; } | undefined, { items: { id: number; articleId: number; authorId: number | null; body: string; isDeleted: boolean; createdAt: string; updatedAt: string; }[]; nextCursor: string | null; }>;
      get: Query<{ id: number; }, { id: number; articleId: number; authorId: number | null; body: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      create: Mutation<{ articleId: number; body: string; }, { id: number; articleId: number; authorId: number | null; body: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      update: Mutation<{ id: number; patch: { articleId?: number | undefined; body?: string | undefined; }; }, { id: number; articleId: number; authorId: number | null; body: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      delete: Mutation<{ id: number; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, undefined>;
      bulkDelete: Mutation<{ ids: number[]; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { success: { count: number; details: number[]; }; errors: { count: number; details: { id: number; code: "FORBIDDEN" | "NOT_FOUND" | "CONFLICT"; message: string; }[]; }; }>;
      previewDelete: Query<{ ids: number[]; }, { deletes: { table: string; count: number; }[]; blocked: { table: string; count: number; constraint: string; }[]; }>;
      restore: Mutation<{ id: number; withAncestors?: boolean | undefined; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { id: number; articleId: number; authorId: number | null; body: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      bulkRestore: Mutation<{ ids: number[]; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { success: { count: number; details: number[]; }; errors: { count: number; details: { id: number; code: "FORBIDDEN" | "NOT_FOUND" | "CONFLICT"; message: string; }[]; }; }>;
      hardDelete: Mutation<{ id: number; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, undefined>;
    };
    authors: {
      list: Query<{ limit?: number | undefined; cursor?: string | undefined; filter?: { name?: string | undefined; } | undefined; } | undefined, { items: { id: number; name: string; email: string; isStaff: boolean; isDeleted: boolean; createdAt: string; updatedAt: string; }[]; nextCursor: string | null; }>;
      get: Query<{ id: number; }, { id: number; name: string; email: string; isStaff: boolean; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      create: Mutation<{ name: string; email: string; isStaff?: boolean | undefined; }, { id: number; name: string; email: string; isStaff: boolean; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      update: Mutation<{ id: number; patch: { name?: string | undefined; email?: string | undefined; isStaff?: boolean | undefined; }; }, { id: number; name: string; email: string; isStaff: boolean; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      delete: Mutation<{ id: number; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, undefined>;
      bulkDelete: Mutation<{ ids: number[]; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { success: { count: number; details: number[]; }; errors: { count: number; details: { id: number; code: "FORBIDDEN" | "NOT_FOUND" | "CONFLICT"; message: string; }[]; }; }>;
      previewDelete: Query<{ ids: number[]; }, { deletes: { table: string; count: number; }[]; blocked: { table: string; count: number; constraint: string; }[]; }>;
      restore: Mutation<{ id: number; withAncestors?: boolean | undefined; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { id: number; name: string; email: string; isStaff: boolean; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      bulkRestore: Mutation<{ ids: number[]; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { success: { count: number; details: number[]; }; errors: { count: number; details: { id: number; code: "FORBIDDEN" | "NOT_FOUND" | "CONFLICT"; message: string; }[]; }; }>;
      hardDelete: Mutation<{ id: number; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, undefined>;
    };
    categories: {
      list: Query<{ limit?: number | undefined; cursor?: string | undefined; filter?: { name?: string | undefined; } | undefined; } | undefined, { items: { id: number; name: string; deletedAt: string | null; createdAt: string; updatedAt: string; }[]; nextCursor: string | null; }>;
      get: Query<{ id: number; }, { id: number; name: string; deletedAt: string | null; createdAt: string; updatedAt: string; }>;
      create: Mutation<{ name: string; }, { id: number; name: string; deletedAt: string | null; createdAt: string; updatedAt: string; }>;
      update: Mutation<{ id: number; patch: { name?: string | undefined; }; }, { id: number; name: string; deletedAt: string | null; createdAt: string; updatedAt: string; }>;
      delete: Mutation<{ id: number; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, undefined>;
      bulkDelete: Mutation<{ ids: number[]; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { success: { count: number; details: number[]; }; errors: { count: number; details: { id: number; code: "FORBIDDEN" | "NOT_FOUND" | "CONFLICT"; message: string; }[]; }; }>;
      previewDelete: Query<{ ids: number[]; }, { deletes: { table: string; count: number; }[]; blocked: { table: string; count: number; constraint: string; }[]; }>;
      restore: Mutation<{ id: number; withAncestors?: boolean | undefined; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { id: number; name: string; deletedAt: string | null; createdAt: string; updatedAt: string; }>;
      bulkRestore: Mutation<{ ids: number[]; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, { success: { count: number; details: number[]; }; errors: { count: number; details: { id: number; code: "FORBIDDEN" | "NOT_FOUND" | "CONFLICT"; message: string; }[]; }; }>;
      hardDelete: Mutation<{ id: number; expected?: { deleted?: boolean | undefined; unmodifiedSince?: string | undefined; } | undefined; }, undefined>;
    };
    admin: {
      articles: {
        list: Query<{ limit?: number | undefined; cursor?: string | undefined; filter?: { title?: string | undefined; authorId?: number | undefined; categoryId?: number | undefined; } | undefined; deleted?: "exclude" | "include" | "only" | undefined; } | undefined, { items: { id: number; authorId: number; categoryId: number | null; title: string; slug: string; content: string; isDeleted: boolean; createdAt: string; updatedAt: string; }[]; nextCursor: string | null; }>;
        get: Query<{ id: number; }, { id: number; authorId: number; categoryId: number | null; title: string; slug: string; content: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
        update: Mutation<{ id: number; patch: { title?: string | undefined; slug?: string | undefined; content?: string | undefined; categoryId?: number | null | undefined; }; }, { id: number; authorId: number; categoryId: number | null; title: string; slug: string; content: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      };
      comments: {
        list: Query<{ limit?: number | undefined; cursor?: string | undefined; filter?: { body?: string | undefined; articleId?: number | undefined; authorId?: number | undefined; } | undefined; deleted?: "exclude" | "include" | "only" | undefined; } | undefined, { items: { id: number; articleId: number; authorId: number | null; body: string; isDeleted: boolean; createdAt: string; updatedAt: string; }[]; nextCursor: string | null; }>;
        get: Query<{ id: number; }, { id: number; articleId: number; authorId: number | null; body: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
        update: Mutation<{ id: number; patch: { articleId?: number | undefined; body?: string | undefined; }; }, { id: number; articleId: number; authorId: number | null; body: string; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      };
      authors: {
        list: Query<{ limit?: number | undefined; cursor?: string | undefined; filter?: { name?: string | undefined; } | undefined; deleted?: "exclude" | "include" | "only" | undefined; } | undefined, { items: { id: number; name: string; email: string; isStaff: boolean; isDeleted: boolean; createdAt: string; updatedAt: string; }[]; nextCursor: string | null; }>;
        get: Query<{ id: number; }, { id: number; name: string; email: string; isStaff: boolean; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
        update: Mutation<{ id: number; patch: { name?: string | undefined; email?: string | undefined; isStaff?: boolean | undefined; }; }, { id: number; name: string; email: string; isStaff: boolean; isDeleted: boolean; createdAt: string; updatedAt: string; }>;
      };
      categories: {
        list: Query<{ limit?: number | undefined; cursor?: string | undefined; filter?: { name?: string | undefined; } | undefined; deleted?: "exclude" | "include" | "only" | undefined; } | undefined, { items: { id: number; name: string; deletedAt: string | null; createdAt: string; updatedAt: string; }[]; nextCursor: string | null; }>;
        get: Query<{ id: number; }, { id: number; name: string; deletedAt: string | null; createdAt: string; updatedAt: string; }>;
        update: Mutation<{ id: number; patch: { name?: string | undefined; }; }, { id: number; name: string; deletedAt: string | null; createdAt: string; updatedAt: string; }>;
      };
      trash: {
        list: Query<{ limit?: number | undefined; cursor?: string | undefined; table?: string | undefined; batchId?: string | undefined; } | undefined, { items: { table: string; rowId: string | number; batchId: string; cause: "direct" | "cascade"; parentTable: string | null; parentId: string | number | null; actorId: string | number | null; deletedAt: string; }[]; nextCursor: string | null; }>;
        batches: Query<{ limit?: number | undefined; cursor?: string | undefined; table?: string | undefined; actorId?: string | number | undefined; } | undefined, { items: { batchId: string; actorId: string | number | null; deletedAt: string; table: string; ids: (string | number)[]; counts: Record<string, number>; held: boolean; holdReason: string | null; }[]; nextCursor: string | null; }>;
        batch: Query<{ batchId: string; }, { batch: { batchId: string; actorId: string | number | null; deletedAt: string; table: string; ids: (string | number)[]; counts: Record<string, number>; held: boolean; holdReason: string | null; }; nodes: { table: string; parentTable: string | null; count: number; }[]; }>;
        batchRows: Query<{ batchId: string; table: string; limit?: number | undefined; cursor?: string | undefined; }, { items: { rowId: string | number; parentTable: string | null; parentId: string | number | null; }[]; nextCursor: string | null; }>;
        restoreBatch: Mutation<{ batchId: string; }, { batchId: string; restored: Record<string, number>; }>;
        hold: Mutation<{ batchId: string; reason: string; }, { batchId: string; held: boolean; }>;
        release: Mutation<{ batchId: string; }, { batchId: string; held: boolean; }>;
        purgePreview: Query<{ olderThan: string; }, { olderThan: string; tables: Record<string, number>; kept: Record<string, number>; held: Record<string, number>; total: number; }>;
        jobs: Query<{ status?: "done" | "running" | "failed" | undefined; limit?: number | undefined; } | undefined, { items: { id: string; operation: "delete" | "restore"; table: string; ids: (string | number)[]; batchIds: string[]; actorId: string | number | null; status: "done" | "running" | "failed"; doneRows: number; totalRows: number | null; attempts: number; result: Record<string, unknown> | null; error: string | null; createdAt: string; heartbeatAt: string; finishedAt: string | null; }[]; }>;
        job: Query<{ id: string; }, { id: string; operation: "delete" | "restore"; table: string; ids: (string | number)[]; batchIds: string[]; actorId: string | number | null; status: "done" | "running" | "failed"; doneRows: number; totalRows: number | null; attempts: number; result: Record<string, unknown> | null; error: string | null; createdAt: string; heartbeatAt: string; finishedAt: string | null; }>;
      };
    };
  }
>;
