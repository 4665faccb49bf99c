import { isTombstoneError } from '@tombstone/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeContract, tokenOf } from '../helpers/contract-server.js';
import { snapshot } from '../helpers/db-state.js';
import { expectError, isServerError } from '../helpers/expect-error.js';
import { callRaw, hasStackTrace } from '../helpers/raw-http.js';
import {
  adminProceduresOf,
  OPERATIONS,
  type Operation,
  proceduresOf,
  QUERIES,
  RESOURCES,
  type ResourceName,
  SPECS,
} from '../helpers/resources.js';

const TOO_BIG_ID = 2 ** 31; // one more than the largest PostgreSQL integer
const BAD_IDS: ReadonlyArray<[string, unknown]> = [
  ['a string', '1'],
  ['zero', 0],
  ['negative', -1],
  ['a fraction', 1.5],
  ['> 2^31-1', TOO_BIG_ID],
  ['huge', Number.MAX_SAFE_INTEGER],
  ['null', null],
  ['a boolean', true],
  ['an array', [1]],
];

/** Unknown keys a caller might try to smuggle in: ownership, deletion state, identity. */
function smuggled(resource: ResourceName, demoAuthor: number): ReadonlyArray<[string, unknown]> {
  const deletion: [string, unknown] =
    resource === 'categories' ? ['deletedAt', new Date().toISOString()] : ['isDeleted', true];
  return [
    ['authorId', demoAuthor],
    deletion,
    ['id', 1],
    ['createdAt', '2000-01-01T00:00:00.000Z'],
    ['nope', 1],
  ];
}

/** Inputs over the contract's limits, per resource: [label, create input]. */
function oversized(resource: ResourceName, base: Record<string, unknown>): ReadonlyArray<[string, unknown]> {
  switch (resource) {
    case 'articles':
      return [
        ['title > 200', { ...base, title: 'x'.repeat(201) }],
        ['content > 100,000', { ...base, content: 'x'.repeat(100_001) }],
        ['slug > 100', { ...base, slug: 'x'.repeat(101) }],
        ['slug with capitals', { ...base, slug: 'Not-A-Slug' }],
        ['slug with spaces', { ...base, slug: 'a slug' }],
        ['empty slug', { ...base, slug: '' }],
        ['categoryId as a string', { ...base, categoryId: '1' }],
        ['categoryId > 2^31-1', { ...base, categoryId: TOO_BIG_ID }],
      ];
    case 'comments':
      return [
        ['body > 100,000', { ...base, body: 'x'.repeat(100_001) }],
        ['articleId negative', { ...base, articleId: -5 }],
        ['articleId > 2^31-1', { ...base, articleId: TOO_BIG_ID }],
      ];
    case 'authors':
      return [
        ['name > 100', { ...base, name: 'x'.repeat(101) }],
        ['invalid email', { ...base, email: 'not-an-email' }],
        ['isStaff as a string', { ...base, isStaff: 'yes' }],
        ['huge email', { ...base, email: `${'x'.repeat(100_000)}@example.com` }],
      ];
    case 'categories':
      return [
        ['name > 100', { ...base, name: 'x'.repeat(101) }],
        ['name as a number', { ...base, name: 42 }],
      ];
  }
}

describeContract('bad input', (ctx) => {
  for (const resource of RESOURCES) {
    const spec = SPECS[resource];

    describe(resource, () => {
      /** Every case must answer BAD_REQUEST with Zod issues, and the database must not change. */
      const expectAllRejected = async (cases: ReadonlyArray<[string, Operation, unknown]>) => {
        const api = proceduresOf(ctx.as.admin, resource);
        const before = await snapshot(ctx.db);
        for (const [label, operation, input] of cases) {
          const error = await expectError(api[operation](input), 'BAD_REQUEST').catch((e: Error) => {
            throw new Error(`${resource}.${operation} with ${label}: ${e.message}`);
          });
          expect(error.data?.httpStatus).toBe(400);
        }
        expect(await snapshot(ctx.db), 'bad input changes nothing').toEqual(before);
      };

      it('ids of the wrong type or out of range → BAD_REQUEST, for every procedure taking ids', async () => {
        const cases: Array<[string, Operation, unknown]> = [];
        for (const [label, id] of BAD_IDS) {
          for (const operation of ['get', 'delete', 'restore', 'hardDelete'] as const) {
            cases.push([`id ${label}`, operation, { id }]);
          }
          cases.push([`id ${label}`, 'update', { id, patch: spec.patch }]);
          cases.push([`ids [${label}]`, 'bulkDelete', { ids: [id] }]);
          cases.push([`ids [${label}]`, 'bulkRestore', { ids: [id] }]);
        }
        await expectAllRejected(cases);
      });

      it('missing input, wrong shapes and extra keys → BAD_REQUEST', async () => {
        const id = spec.aliceRow(ctx.demo);
        await expectAllRejected([
          ['no input', 'get', undefined],
          ['an empty object', 'get', {}],
          ['a bare number', 'delete', 5],
          ['an extra key', 'delete', { id, force: true }],
          ['no patch', 'update', { id }],
          ['a patch that is not an object', 'update', { id, patch: 'title' }],
          ['ids not an array', 'bulkDelete', { ids: id }],
          ['no ids', 'bulkDelete', {}],
          ['empty ids', 'bulkDelete', { ids: [] }],
          ['empty ids', 'bulkRestore', { ids: [] }],
          ['10,001 ids', 'bulkDelete', { ids: Array.from({ length: 10_001 }, (_, i) => i + 1) }],
          ['10,001 ids', 'bulkRestore', { ids: Array.from({ length: 10_001 }, (_, i) => i + 1) }],
          ['limit as a string', 'list', { limit: '10' }],
          ['filter not an object', 'list', { filter: 'x' }],
          ['unknown list key', 'list', { offset: 10 }],
          ['create input not an object', 'create', 'x'],
          ['an empty create input', 'create', {}],
        ]);
      });

      it('create: every value over the contract’s limits → BAD_REQUEST', async () => {
        const base = spec.createInput(ctx.demo, 1);
        await expectAllRejected(oversized(resource, base).map(([label, input]) => [label, 'create', input]));
      });

      it('update: every value over the contract’s limits → BAD_REQUEST', async () => {
        const id = spec.aliceRow(ctx.demo);
        const base = spec.createInput(ctx.demo, 1);
        await expectAllRejected(
          oversized(resource, base).map(([label, input]) => [label, 'update', { id, patch: input }]),
        );
      });

      it('unknown keys (authorId, isDeleted/deletedAt, id…) in create and in patch → BAD_REQUEST', async () => {
        const id = spec.aliceRow(ctx.demo);
        const base = spec.createInput(ctx.demo, 1);
        const cases: Array<[string, Operation, unknown]> = [];
        for (const [key, value] of smuggled(resource, ctx.demo.authors.bob)) {
          cases.push([`create with ${key}`, 'create', { ...base, [key]: value }]);
          cases.push([`patch with ${key}`, 'update', { id, patch: { [key]: value } }]);
          cases.push([
            `patch with ${key} and a valid key`,
            'update',
            { id, patch: { ...spec.patch, [key]: value } },
          ]);
        }
        await expectAllRejected(cases);
        // As the owner too: the input is refused before anyone looks at who is asking.
        if (resource === 'articles' || resource === 'comments') {
          await expectError(
            proceduresOf(ctx.as.alice, resource).update({ id, patch: { authorId: ctx.demo.authors.bob } }),
            'BAD_REQUEST',
          );
        }
      });

      it('admin procedures reject bad input too', async () => {
        const admin = adminProceduresOf(ctx.as.admin, resource);
        const before = await snapshot(ctx.db);
        await expectError(admin.list({ deleted: 'everything' }), 'BAD_REQUEST');
        await expectError(admin.list({ limit: 0 }), 'BAD_REQUEST');
        await expectError(admin.get({ id: -1 }), 'BAD_REQUEST');
        await expectError(admin.update({ id: spec.aliceRow(ctx.demo), patch: { id: 2 } }), 'BAD_REQUEST');
        await expectError(
          admin.update({
            id: spec.aliceRow(ctx.demo),
            patch: { [spec.table === 'category' ? 'deletedAt' : 'isDeleted']: null },
          }),
          'BAD_REQUEST',
        );
        expect(await snapshot(ctx.db)).toEqual(before);
      });
    });
  }

  it('a NUL character in text is refused without a 500', async () => {
    const before = await snapshot(ctx.db);
    const answers = await Promise.allSettled([
      ctx.as.alice.articles.create.mutate({ title: 'a\u0000b', slug: 'nul', content: 'x' }),
      ctx.as.alice.articles.create.mutate({ title: 'ok', slug: 'nul', content: 'a\u0000b' }),
      ctx.as.anonymous.articles.list.query({ filter: { title: '\u0000' } }),
      ctx.as.alice.comments.create.mutate({ articleId: ctx.demo.articles.bob[0] as number, body: '\u0000' }),
    ]);
    for (const answer of answers) {
      if (answer.status === 'rejected') {
        expect(isServerError(answer.reason), String(answer.reason)).toBe(false);
      }
    }
    // Whatever was accepted, nothing with a NUL character got stored.
    const after = await snapshot(ctx.db);
    expect(JSON.stringify(after)).not.toContain('\\u0000');
    expect(after.author).toEqual(before.author);
  });

  it('a reference to a missing or deleted row is a 4xx, never a 500, and stores nothing', async () => {
    const spare = await ctx.as.admin.categories.create.mutate({ name: 'Spare' });
    await ctx.as.admin.categories.delete.mutate({ id: spare.id });
    const before = await snapshot(ctx.db);
    for (const categoryId of [999_999, spare.id]) {
      const outcome = await ctx.as.alice.articles.create
        .mutate({ title: 't', slug: `ref-${categoryId}`, content: '', categoryId })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(isTombstoneError(outcome), `categoryId ${categoryId} was accepted`).toBe(true);
      expect(isServerError(outcome), String(outcome)).toBe(false);
    }
    expect(await snapshot(ctx.db)).toEqual(before);
  });

  describe('property: random bad input never causes a 500', () => {
    const procedures = [
      ...RESOURCES.flatMap((r) =>
        OPERATIONS.map(
          (op) => ({ path: `${r}.${op}`, kind: QUERIES.has(op) ? 'query' : 'mutation' }) as const,
        ),
      ),
      ...RESOURCES.flatMap(
        (r) =>
          [
            { path: `admin.${r}.list`, kind: 'query' },
            { path: `admin.${r}.get`, kind: 'query' },
            { path: `admin.${r}.update`, kind: 'mutation' },
          ] as const,
      ),
    ];
    const id = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(0, -1, 2 ** 31, 2 ** 31 - 1, 2 ** 53, Number.MAX_VALUE, -0),
      fc.string({ maxLength: 20 }),
      fc.constant(null),
      fc.boolean(),
    );
    const keys = fc.constantFrom(
      'title',
      'slug',
      'content',
      'categoryId',
      'body',
      'articleId',
      'name',
      'email',
      'isStaff',
      'authorId',
      'isDeleted',
      'deletedAt',
      'id',
      '__proto__',
      'constructor',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.string({ unit: 'binary', maxLength: 50 }),
      fc.constantFrom('\u0000', '%', '_', "'; drop table article; --", 'x'.repeat(250), '\ud800'),
    );
    const value = fc.oneof(text, id, fc.jsonValue({ maxDepth: 2 }));
    const input = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ id }, { requiredKeys: [] }),
      fc.record({ ids: fc.oneof(fc.array(id, { maxLength: 6 }), id) }),
      fc.record({ id, patch: fc.oneof(fc.dictionary(keys, value, { maxKeys: 4 }), value) }),
      fc.record(
        {
          limit: id,
          cursor: fc.oneof(text, id, fc.base64String({ maxLength: 40 })),
          filter: fc.oneof(fc.dictionary(keys, value, { maxKeys: 3 }), value),
          deleted: fc.oneof(fc.constantFrom('only', 'include', 'exclude'), text),
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(keys, value, { maxKeys: 5 }),
    );
    const caller = fc.constantFrom(undefined, tokenOf('alice'), tokenOf('admin'), 'unknown-token');

    it('every answer is 2xx or 4xx, and no error carries a stack trace', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...procedures), input, caller, async (procedure, body, token) => {
          const answer = await callRaw(ctx.url, procedure.path, procedure.kind, body, token);
          expect(answer.status, `${procedure.path} ${answer.text.slice(0, 500)}`).toBeLessThan(500);
          expect(hasStackTrace(answer.text), answer.text.slice(0, 500)).toBe(false);
        }),
        {
          numRuns: Number(process.env.FC_RUNS ?? 100),
          ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
          verbose: 1,
        },
      );
    });
  });
});
