import type { AnyProcedure } from '@trpc/server';
import { z } from 'zod';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = { [key: string]: unknown };

const cache = new WeakMap<object, { input?: JsonSchema | null; output?: JsonSchema | null }>();

function isZod(schema: unknown): schema is z.ZodType {
  return schema instanceof z.ZodType || (typeof schema === 'object' && schema !== null && '_zod' in schema);
}

/**
 * The JSON Schema of a procedure's input (its last `.input()`, which tRPC merges with the others)
 * or output, from Zod 4's `z.toJSONSchema`; `null` when there is none or it is not a Zod schema.
 * Inputs are described as the client sends them (`io: 'input'`: defaults make keys optional),
 * outputs as the server answers them. Cached per procedure.
 *
 * @example
 * procedureJsonSchema(appRouter._def.procedures['articles.get'], 'output'); // { type: 'object', properties: { id: … } }
 */
export function procedureJsonSchema(procedure: AnyProcedure, io: 'input' | 'output'): JsonSchema | null {
  let entry = cache.get(procedure);
  if (!entry) {
    entry = {};
    cache.set(procedure, entry);
  }
  if (entry[io] !== undefined) return entry[io];
  const def = procedure._def as { inputs?: unknown[]; output?: unknown };
  const inputs = def.inputs ?? [];
  const schemas = io === 'input' ? inputs : [def.output];
  let result: JsonSchema | null = null;
  if (schemas.length > 0 && schemas.every(isZod)) {
    const merged = schemas.length === 1 ? schemas[0] : mergeObjects(schemas as z.ZodType[]);
    if (merged) result = toJsonSchema(merged, io);
  }
  entry[io] = result;
  return result;
}

function mergeObjects(schemas: z.ZodType[]): z.ZodType | undefined {
  if (!schemas.every((s) => s instanceof z.ZodObject)) return undefined;
  return (schemas as z.ZodObject[]).reduce((a, b) => a.extend(b.shape));
}

/** `z.toJSONSchema` without the `$schema` key; `undefined` outputs (204 routes) give `null`. */
function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema | null {
  if (schema instanceof z.ZodUndefined || schema instanceof z.ZodVoid) return null;
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return json;
}
