import type { AnyProcedure } from '@trpc/server';
import { type DeletePolicy, deletePolicyOf } from '../../policy/delete-policy.js';
import { type JsonSchema, procedureJsonSchema } from '../procedure-schema.js';
import { ID_SEGMENT, type RestRoute, type RouteOperation } from '../rest/rest-routes.js';
import { ERROR_STATUSES } from './error-schemas.js';
import { jsonSample } from './json-sample.js';

/** An OpenAPI 3.1 Operation Object (the parts Tombstone writes). */
export type OperationObject = Record<string, unknown>;

const SUMMARIES: Readonly<Record<RouteOperation, string>> = {
  list: 'List rows (keyset pagination by id; filters as query parameters)',
  get: 'Get one row',
  create: 'Create a row',
  update: 'Update a row (the body is the patch)',
  delete: 'Soft-delete a row and its CASCADE children (idempotent)',
  bulkDelete: 'Soft-delete many rows in one statement (partial success)',
  restore: 'Restore a soft-deleted row and exactly what its delete cascaded to',
  bulkRestore: 'Restore many rows (partial success)',
  hardDelete: 'Delete a row for good (the database applies ON DELETE)',
  previewDelete: 'Preview what deleting these rows would cascade to',
};

/** What a delete route does under a table's delete policy, where it differs from `soft`. */
const POLICY_SUMMARIES: Readonly<Partial<Record<DeletePolicy, Partial<Record<RouteOperation, string>>>>> = {
  'soft-no-cascade': {
    delete: 'Soft-delete a row only: its CASCADE children stay live (policy soft-no-cascade; idempotent)',
    bulkDelete: 'Soft-delete many rows only, not their children, in one statement (partial success)',
    previewDelete: 'Preview what deleting these rows would take (the rows only) or what blocks it',
  },
  hard: {
    delete: 'Delete a row for good; the database applies ON DELETE (policy hard)',
    bulkDelete: 'Delete many rows for good (policy hard; partial success)',
  },
  'hard-if-unreferenced': {
    delete: 'Delete a row for good when nothing references it, else soft-delete it with its CASCADE children',
    bulkDelete: 'Delete many rows for good when unreferenced, else soft-delete them (partial success)',
  },
  none: {
    delete: 'Always refused (403): rows of this table cannot be deleted (policy none)',
    bulkDelete: 'Always refused (403): rows of this table cannot be deleted (policy none)',
    hardDelete: 'Always refused (403): rows of this table cannot be deleted (policy none)',
  },
};

/** The summary of a route: what its operation does under its table's delete policy. */
function summaryOf(route: RestRoute, procedure: AnyProcedure): string {
  if (!route.operation) return `Calls ${route.procedure}`;
  const policy = deletePolicyOf(procedure);
  return (policy && POLICY_SUMMARIES[policy]?.[route.operation]) ?? SUMMARIES[route.operation];
}

/** The error statuses each kind of route can answer (500 and 503 always). */
const ERRORS: Readonly<Record<RouteOperation | 'other', readonly string[]>> = {
  list: ['400', '401', '403'],
  get: ['400', '401', '403', '404'],
  create: ['400', '401', '403', '404', '409', '413', '415'],
  update: ['400', '401', '403', '404', '409', '413', '415'],
  delete: ['400', '401', '403', '404', '409'],
  bulkDelete: ['400', '401', '403', '413', '415'],
  restore: ['400', '401', '403', '404', '409'],
  bulkRestore: ['400', '401', '403', '413', '415'],
  hardDelete: ['400', '401', '403', '404', '409'],
  previewDelete: ['400', '401', '403', '413', '415'],
  other: ['400', '401', '403', '404', '409'],
};

/** `articles.bulkDelete` → `articlesBulkDelete`. */
export function operationId(procedure: string): string {
  return procedure.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
}

function jsonContent(schema: JsonSchema, example: unknown) {
  return { 'application/json': { schema, example } };
}

function queryParameters(input: JsonSchema | null): OperationObject[] {
  const top = (input?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((input?.required as string[] | undefined) ?? []);
  const parameters: OperationObject[] = [];
  for (const [name, schema] of Object.entries(top)) {
    if (name === 'filter' && schema.type === 'object') {
      for (const [key, value] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
        parameters.push({ name: key, in: 'query', description: `Filter: ${key}`, schema: value });
      }
      continue;
    }
    parameters.push({ name, in: 'query', required: required.has(name), schema });
  }
  return parameters;
}

function requestBody(route: RestRoute, input: JsonSchema | null): OperationObject | undefined {
  if (route.input !== 'body' && route.input !== 'id+patch') return undefined;
  const schema =
    route.input === 'id+patch'
      ? ((input?.properties as Record<string, JsonSchema> | undefined)?.patch ?? {})
      : input;
  if (!schema) return undefined;
  return {
    required: route.input === 'id+patch' || route.operation !== undefined,
    content: jsonContent(schema, jsonSample(schema)),
  };
}

function errorResponses(route: RestRoute): Record<string, unknown> {
  const statuses = [...ERRORS[route.operation ?? 'other'], '500', '503'];
  const takesBody = route.input === 'body' || route.input === 'id+patch';
  const responses: Record<string, unknown> = {};
  for (const status of statuses) {
    if ((status === '413' || status === '415') && !takesBody) continue;
    const { description, example } = ERROR_STATUSES[status] as { description: string; example: unknown };
    responses[status] = {
      description,
      content: jsonContent({ $ref: '#/components/schemas/Error' }, example),
    };
  }
  return responses;
}

/** The resource a route belongs to (`articles`, `admin/articles`), its tag in the document. */
function tagOf(route: RestRoute): string {
  const parts = route.procedure.split('.');
  return (route.operation ? parts.slice(0, -1) : parts.slice(0, 1)).join('/') || parts[0] || 'api';
}

/**
 * The OpenAPI Operation Object of one REST route, from its procedure's Zod schemas: the path id,
 * the query parameters (a list's filter keys among them), the JSON body, the success response with
 * its real status (201, 204 without content) and every error status the route can answer with the
 * shared error body, each with an example.
 */
export function routeOperation(route: RestRoute, procedure: AnyProcedure): OperationObject {
  const input = procedureJsonSchema(procedure, 'input');
  const output = procedureJsonSchema(procedure, 'output');
  const parameters: OperationObject[] = [];
  if (route.segments.includes(ID_SEGMENT)) {
    parameters.push({
      name: 'id',
      in: 'path',
      required: true,
      schema: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
      example: 1,
    });
  }
  if (route.input === 'query') parameters.push(...queryParameters(input));
  const body = requestBody(route, input);
  const success =
    route.status === 204
      ? { description: 'Done; no content.' }
      : {
          description: route.status === 201 ? 'Created.' : 'OK.',
          content: jsonContent(output ?? {}, jsonSample(output ?? undefined)),
        };
  return {
    operationId: operationId(route.procedure),
    summary: summaryOf(route, procedure),
    description: `Procedure \`${route.procedure}\` (also at \`/trpc/${route.procedure}\`).`,
    tags: [tagOf(route)],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: { [String(route.status)]: success, ...errorResponses(route) },
  };
}
