import type { JsonSchema } from '../procedure-schema.js';

const STRING_SAMPLES = [
  'example',
  'example-1',
  '2025-01-31T12:00:00.000Z',
  '00000000-0000-0000-0000-000000000000',
  '1',
];

function sampleString(schema: JsonSchema): string {
  if (schema.format === 'date-time') return '2025-01-31T12:00:00.000Z';
  if (schema.format === 'uuid') return '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
  if (schema.format === 'email') return 'alice@example.com';
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern) : undefined;
  const fits = STRING_SAMPLES.find((s) => !pattern || pattern.test(s));
  return fits ?? '';
}

/**
 * An example value that satisfies a JSON Schema as Zod writes them (objects, arrays, enums,
 * `anyOf` with `null`, integer bounds, string formats and patterns): the first non-null option,
 * the smallest allowed number, one item per array, every property of an object. Used for the
 * `examples` of the OpenAPI document, so each example follows its schema by construction.
 *
 * @example
 * jsonSample({ type: 'object', properties: { id: { type: 'integer', minimum: 1 } } }); // { id: 1 }
 */
export function jsonSample(schema: JsonSchema | undefined): unknown {
  if (!schema) return null;
  if ('examples' in schema && Array.isArray(schema.examples)) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf as JsonSchema[];
    return jsonSample(options.find((o) => o.type !== 'null') ?? options[0]);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, jsonSample(value)]));
    }
    case 'array':
      return [jsonSample(schema.items as JsonSchema | undefined)];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
    case 'boolean':
      return false;
    case 'string':
      return sampleString(schema);
    case 'null':
      return null;
    default:
      return null;
  }
}
