import type { JsonSchema } from '../procedure-schema.js';

/** The tRPC error codes a REST error body may carry. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_SUPPORTED',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL_SERVER_ERROR',
] as const;

/** A Zod issue as `BAD_REQUEST` answers carry it (`code`, `path`, `message`, and per-code extras). */
const zodIssue: JsonSchema = {
  type: 'object',
  properties: {
    code: { type: 'string', examples: ['invalid_type'] },
    path: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
    message: { type: 'string' },
  },
  required: ['code', 'path', 'message'],
  additionalProperties: true,
};

/** `{ issues, formErrors, fieldErrors }`: the Zod issues of a bad input, raw and flattened. */
export const zodErrorSchema: JsonSchema = {
  type: 'object',
  properties: {
    issues: { type: 'array', items: zodIssue },
    formErrors: { type: 'array', items: { type: 'string' } },
    fieldErrors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  },
  required: ['issues', 'formErrors', 'fieldErrors'],
};

/** `{ error: { code, message, zodError } }`, every REST error body. */
export const errorSchema: JsonSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string' },
        zodError: { anyOf: [{ $ref: '#/components/schemas/ZodError' }, { type: 'null' }] },
      },
      required: ['code', 'message', 'zodError'],
    },
  },
  required: ['error'],
};

/** What each error status means on a Tombstone route, and an example body. */
export const ERROR_STATUSES: Readonly<Record<string, { description: string; example: unknown }>> = {
  '400': {
    description: 'Bad input: `zodError` holds the Zod issues (null when the body is not JSON).',
    example: {
      error: {
        code: 'BAD_REQUEST',
        message: '✖ Too small: expected number to be >=1\n  → at id',
        zodError: {
          issues: [
            { code: 'too_small', path: ['id'], message: 'Too small: expected number to be >=1', minimum: 1 },
          ],
          formErrors: [],
          fieldErrors: { id: ['Too small: expected number to be >=1'] },
        },
      },
    },
  },
  '401': {
    description: 'No bearer token, or one that is unknown or belongs to a deleted user.',
    example: {
      error: {
        code: 'UNAUTHORIZED',
        message: 'Sign in: send Authorization: Bearer <token>.',
        zodError: null,
      },
    },
  },
  '403': {
    description: 'The caller may not do this.',
    example: { error: { code: 'FORBIDDEN', message: 'You may not delete article 1.', zodError: null } },
  },
  '404': {
    description: 'No such row, or it is soft-deleted (outside admin routes).',
    example: { error: { code: 'NOT_FOUND', message: 'No article with id 999999.', zodError: null } },
  },
  '409': {
    description: 'A conflict: a live RESTRICT child blocks the delete, or a unique key clashes on restore.',
    example: {
      error: { code: 'CONFLICT', message: 'A live comment still references this row.', zodError: null },
    },
  },
  '413': {
    description: 'The body is larger than the limit; the connection is closed.',
    example: {
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'The body is larger than 1048576 bytes.', zodError: null },
    },
  },
  '415': {
    description: 'The body is not `application/json`.',
    example: {
      error: {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send the body as application/json.',
        zodError: null,
      },
    },
  },
  '500': {
    description: 'An unexpected error; the body says only "Internal server error".',
    example: { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', zodError: null } },
  },
  '503': {
    description:
      'The connection to the database was lost during the request (it was rolled back). Try again.',
    example: {
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: 'The connection to the database was lost during this request. Try again.',
        zodError: null,
      },
    },
  },
};
