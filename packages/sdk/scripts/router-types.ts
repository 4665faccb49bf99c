/**
 * Writes the reference router's type for clients (`src/generated/app-router.ts`) from
 * `@tombstone/server/reference`: every procedure's input and output spelled out, and nothing of
 * the server's context (Kysely, database types). The SDK then ships its types without depending
 * on the server. `npm run generate -w packages/sdk` rewrites it; a test fails when it is stale.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const HEADER = `// Generated from the reference router by scripts/router-types.ts: do not edit.
// Regenerate with \`npm run generate -w packages/sdk\` (typecheck fails while it is stale).
import type { ZodErrorData } from '@tombstone/shared';
import type {
  TRPC_ERROR_CODE_NUMBER,
  TRPCBuiltRouter,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
} from '@trpc/server';

/** The error shape of the reference API: tRPC's, with the Zod issues of a \`BAD_REQUEST\`. */
export type ErrorShape = __ERROR_SHAPE__;

type Query<TInput, TOutput> = TRPCQueryProcedure<{ input: TInput; output: TOutput; meta: object; errorShape: ErrorShape }>;
type Mutation<TInput, TOutput> = TRPCMutationProcedure<{
  input: TInput;
  output: TOutput;
  meta: object;
  errorShape: ErrorShape;
}>;
`;

interface ProcedureEntry {
  path: string[];
  type: 'query' | 'mutation';
}

/** The procedures of the reference router at run time: their paths and kinds. */
async function procedures(): Promise<ProcedureEntry[]> {
  const { appRouter } = await import('@tombstone/server/reference');
  return Object.entries(
    appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
  ).map(([path, procedure]) => {
    if (procedure._def.type !== 'query' && procedure._def.type !== 'mutation') {
      throw new Error(`${path}: only queries and mutations are supported, not ${procedure._def.type}`);
    }
    return { path: path.split('.'), type: procedure._def.type };
  });
}

/** Prints the error shape and each procedure's input and output type with the type checker, expanded. */
function printTypes(entries: readonly ProcedureEntry[]): {
  errorShape: string;
  procedures: Map<string, { input: string; output: string }>;
} {
  const require = createRequire(import.meta.url);
  const probeFile = join(dirname(require.resolve('@tombstone/server/package.json')), '__router_probe__.ts');
  const alias = (kind: string, i: number) => `${kind}${i}`;
  const probe = [
    "import type { AppRouter } from '@tombstone/server/reference';",
    "type R = AppRouter['_def']['record'];",
    "type S = AppRouter['_def']['_config']['$types']['errorShape'];",
    'export type ErrorShape = { [K in keyof S]: S[K] extends object ? { [D in keyof S[K]]: S[K][D] } : S[K] };',
    ...entries.flatMap((entry, i) => {
      const access = entry.path.map((p) => `[${JSON.stringify(p)}]`).join('');
      return [
        `export type ${alias('In', i)} = R${access}['_def']['$types']['input'];`,
        `export type ${alias('Out', i)} = R${access}['_def']['$types']['output'];`,
      ];
    }),
  ].join('\n');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (file === probeFile ? probe : readFile(file));
  host.getSourceFile = (file, language) =>
    file === probeFile ? ts.createSourceFile(file, probe, language) : getSourceFile(file, language);
  const program = ts.createProgram([probeFile], options, host);
  const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(probeFile));
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, host));
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probeFile) as ts.SourceFile;
  const exported = new Map(
    checker.getExportsOfModule(checker.getSymbolAtLocation(source) as ts.Symbol).map((s) => [s.name, s]),
  );
  const print = (name: string) => {
    const type = checker.getDeclaredTypeOfSymbol(exported.get(name) as ts.Symbol);
    return checker.typeToString(
      type,
      undefined,
      ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias,
    );
  };
  return {
    errorShape: print('ErrorShape'),
    procedures: new Map(
      entries.map((entry, i) => [
        entry.path.join('.'),
        { input: print(alias('In', i)), output: print(alias('Out', i)) },
      ]),
    ),
  };
}

interface Tree {
  [key: string]: Tree | string;
}

function render(tree: Tree, indent: string): string {
  const lines = Object.entries(tree).map(([key, value]) =>
    typeof value === 'string'
      ? `${indent}  ${key}: ${value};`
      : `${indent}  ${key}: {\n${render(value, `${indent}  `)}\n${indent}  };`,
  );
  return lines.join('\n');
}

/** The source of `src/generated/app-router.ts`. */
export async function generateRouterTypes(): Promise<string> {
  const entries = await procedures();
  const { errorShape, procedures: types } = printTypes(entries);
  const tree: Tree = {};
  for (const entry of entries) {
    let node = tree;
    for (const key of entry.path.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Tree;
    }
    const { input, output } = types.get(entry.path.join('.')) as { input: string; output: string };
    node[entry.path.at(-1) as string] =
      `${entry.type === 'query' ? 'Query' : 'Mutation'}<${input}, ${output}>`;
  }
  return `${HEADER.replace('__ERROR_SHAPE__', errorShape)}
/** The reference API's router, as clients see it: \`createTRPCClient<AppRouter>()\`. */
export type AppRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: ErrorShape; transformer: false },
  {
${render(tree, '  ')}
  }
>;
`;
}
