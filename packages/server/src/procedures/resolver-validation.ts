import { TRPCError } from '@trpc/server';
import { z } from 'zod';

/**
 * A parse with `schema` as tRPC's `.input()` / `.output()` run it: sync first (a resolver that
 * gets a plain value saves the microtasks of a promise), async when the schema has async
 * refinements, and a `TRPCError` of `code` with the Zod error as `cause` on failure. Returns the
 * parsed value, so unknown keys are stripped and defaults applied, as tRPC's parse does.
 */
function parserOf<TSchema extends z.ZodType>(
  schema: TSchema,
  fail: (cause: unknown) => TRPCError,
): (value: unknown) => z.output<TSchema> | Promise<z.output<TSchema>> {
  const parseAsync = async (value: unknown) => {
    try {
      return await schema.parseAsync(value);
    } catch (error) {
      throw fail(error);
    }
  };
  return (value) => {
    try {
      return schema.parse(value);
    } catch (error) {
      if (error instanceof z.core.$ZodAsyncError) return parseAsync(value);
      throw fail(error);
    }
  };
}

/**
 * The input check of a generated procedure, for its resolver: what tRPC's `.input()` step does
 * (`BAD_REQUEST` with the Zod error as `cause`, which the error formatter turns into `zodError`).
 *
 * @example
 * const input = await inputCheck(idInputSchema)(await opts.getRawInput()); // { id: 1 }, or BAD_REQUEST
 */
export function inputCheck<TSchema extends z.ZodType>(schema: TSchema) {
  return parserOf(schema, (cause) => new TRPCError({ code: 'BAD_REQUEST', cause }));
}

/**
 * The output check of a generated procedure, for its resolver: what tRPC's `.output()` step does
 * (`INTERNAL_SERVER_ERROR`, "Output validation failed", the Zod error as `cause`).
 *
 * @example
 * const article = await outputCheck(articleSchema)(toWireRow(row)); // the row, or INTERNAL_SERVER_ERROR
 */
export function outputCheck<TSchema extends z.ZodType>(schema: TSchema) {
  return parserOf(
    schema,
    (cause) => new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Output validation failed', cause }),
  );
}

/** tRPC's mark on the middlewares `.input()` and `.output()` add. */
type MarkedMiddleware = { _type?: string };
type Middlewares = MarkedMiddleware[];

function middlewaresOf(procedure: unknown): Middlewares | undefined {
  return (procedure as { _def?: { middlewares?: Middlewares } })._def?.middlewares;
}

/**
 * Lets the resolvers of `procedures` validate their own input and output: removes the steps
 * tRPC's `.input(schema)` and `.output(schema)` add to each procedure's middleware chain, and
 * answers `true`, when every procedure is exactly `[input, output, resolver]`; otherwise changes
 * nothing and answers `false` (the resolvers must then leave validation to tRPC). The schemas stay
 * declared, so the types, `_def.inputs` / `_def.output` (the OpenAPI document, tools such as
 * trpc-to-openapi) and the validation itself are unchanged. What goes is two links of tRPC's
 * chain per call — async steps that each copy the call's options twice with a spread helper, 8–9
 * µs apiece in a CPU profile against 0.1–0.3 µs for the Zod parses they run.
 *
 * @example
 * const record = { get: t.procedure.input(idInput).output(row).query(resolver) };
 * validation.inResolver = validateInResolvers(record);
 */
export function validateInResolvers(procedures: Record<string, unknown>): boolean {
  const chains = Object.values(procedures).map(middlewaresOf);
  const plain = chains.every(
    (chain) => chain?.length === 3 && chain[0]?._type === 'input' && chain[1]?._type === 'output',
  );
  if (!plain) return false;
  for (const chain of chains) chain?.splice(0, 2);
  return true;
}

/**
 * Resolvers that validate their own input and output when {@link validateInResolvers} could take
 * tRPC's validation steps away, and leave both to tRPC when it could not: either way each parse
 * runs exactly once. Build every procedure's resolver with `resolve`, then hand the procedures to
 * `seal`.
 *
 * @example
 * const { resolve, seal } = validatingResolvers<Ctx>();
 * const record = { get: t.procedure.input(idInput).output(row).query(resolve(idInput, row, (ctx, input) => find(ctx, input.id))) };
 * seal(record);
 */
export function validatingResolvers<TContext>() {
  let inResolver = false;
  return {
    resolve<TOutput extends z.ZodType>(
      input: z.ZodType,
      output: TOutput,
      // biome-ignore lint/suspicious/noExplicitAny: the input is validated by `input`; resolvers read it loosely.
      fn: (ctx: TContext, input: any) => Promise<unknown>,
    ) {
      const parseInput = inputCheck(input);
      const checkOutput = outputCheck(output);
      // `getRawInput` is passed to every middleware, the resolver's included, though tRPC's
      // resolver options do not declare it.
      return async (opts: { ctx: unknown; input: unknown }): Promise<never> => {
        const ctx = opts.ctx as TContext;
        if (!inResolver) return (await fn(ctx, opts.input)) as never;
        const raw = (opts as { getRawInput?: () => Promise<unknown> }).getRawInput;
        let parsed = parseInput(raw ? await raw() : opts.input);
        if (parsed instanceof Promise) parsed = await parsed;
        return checkOutput(await fn(ctx, parsed)) as never;
      };
    },
    /** Takes tRPC's validation steps out of `procedures` if it can (see {@link validateInResolvers}). */
    seal(procedures: Record<string, unknown>): void {
      inResolver = validateInResolvers(procedures);
    },
  };
}
