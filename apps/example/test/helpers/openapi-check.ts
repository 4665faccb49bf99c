import { validate } from '@readme/openapi-parser';
import type { OpenApiDocument } from '@tombstone/server/http';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** One answer a test received, to check against the document. */
export interface SeenAnswer {
  method: string;
  /** The request path with its query string, e.g. `/api/articles/7?x=1`. */
  path: string;
  status: number;
  body: unknown;
}

/**
 * Checks answers against the OpenAPI document the server serves: the operation exists, the status
 * is one it lists, and the JSON body matches that response's schema (JSON Schema 2020-12 through
 * ajv, the dialect of OpenAPI 3.1).
 */
export class OpenApiChecker {
  private readonly ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp }>;

  private constructor(readonly doc: OpenApiDocument) {
    // Literal segments first: `/api/articles/bulk` is not `/api/articles/{id}`.
    const params = (t: string) => t.split('{').length;
    this.templates = Object.keys(doc.paths)
      .sort((a, b) => params(a) - params(b))
      .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
  }

  /** Fetches `<url>/api/openapi.json` and validates it with `@readme/openapi-parser` (throws if invalid). */
  static async load(url: string): Promise<OpenApiChecker> {
    const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as OpenApiDocument;
    await validateDocument(doc);
    return new OpenApiChecker(doc);
  }

  /** The path template of a request (`PATCH /api/articles/7/` → `/api/articles/{id}`), if any. */
  templateOf(method: string, path: string): string | undefined {
    const bare = (path.split('?')[0] ?? '').replace(/(.)\/+$/, '$1');
    const verb = method.toLowerCase();
    return this.templates.find((t) => t.pattern.test(bare) && this.doc.paths[t.template]?.[verb])?.template;
  }

  /** Problems with one answer (empty: it matches the document); `undefined`: no such operation. */
  problems(answer: SeenAnswer): string[] | undefined {
    const template = this.templateOf(answer.method, answer.path);
    const operation = template
      ? (this.doc.paths[template]?.[answer.method.toLowerCase()] as
          | { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
          | undefined)
      : undefined;
    if (!template || !operation) return undefined;
    const response = operation.responses[String(answer.status)];
    const where = `${answer.method} ${answer.path} → ${answer.status}`;
    if (!response) return [`${where}: status not listed (${Object.keys(operation.responses).join(', ')})`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return answer.body === undefined ? [] : [`${where}: a body where the document says none`];
    const key = `${template} ${answer.method} ${answer.status}`;
    let check = this.compiled.get(key);
    if (!check) {
      check = this.ajv.compile({ ...(schema as object), components: this.doc.components });
      this.compiled.set(key, check);
    }
    if (check(answer.body)) return [];
    return [`${where}: ${this.ajv.errorsText(check.errors)} in ${JSON.stringify(answer.body).slice(0, 300)}`];
  }
}

/** Validates an OpenAPI document with `@readme/openapi-parser`; throws with its errors. */
export async function validateDocument(doc: OpenApiDocument): Promise<void> {
  const result = await validate(structuredClone(doc) as never);
  if (!result.valid) throw new Error(`invalid OpenAPI document: ${JSON.stringify(result.errors)}`);
}
