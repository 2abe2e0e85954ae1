/**
 * Hostile requests generated from a route's JSON schemas: wrong types, missing and extra fields, huge and
 * Unicode-edge strings, negative and enormous numbers, invalid dates, injection strings, malformed bodies.
 * Deterministic for a seed, so a failure can be replayed.
 */

export type Rng = () => number;

/** mulberry32: small, fast, good enough to pick mutations. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  "'",
  '"',
  "' OR '1'='1",
  "'; DROP TABLE collectivities; --",
  '1; select pg_sleep(0)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\u202e\u202d',
  '\ud800',
  '👩‍👩‍👧‍👦'.repeat(50),
  'é'.normalize('NFD'),
  'Ⅻ',
  'x'.repeat(10_000),
  'a'.repeat(300_000),
  '2020-02-30',
  '0000-00-00',
  '9999-99-99',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

export const NASTY_VALUES: readonly unknown[] = [
  ...NASTY_STRINGS,
  null,
  true,
  false,
  0,
  -1,
  -2147483649,
  2 ** 53,
  1e308,
  -1e308,
  0.1,
  [],
  [1, 2, 3],
  {},
  { $gt: '' },
  { __proto__: { admin: true } },
  Array.from({ length: 1000 }, (_, i) => i),
];

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
}

/** A plausible valid value for a schema, the base that mutations start from. */
export function sampleValue(schema: Schema | undefined, rng: Rng): unknown {
  if (!schema) return 'valeur';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return pick(rng, schema.enum);
  if (schema.anyOf?.length) return sampleValue(pick(rng, schema.anyOf), rng);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = sampleValue(v, rng);
      return out;
    }
    case 'array':
      return [sampleValue(schema.items, rng)];
    case 'integer':
      return Math.max(schema.minimum ?? 1, 1);
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'uuid') return '01900000-0000-7000-8000-000000000001';
      if (schema.format === 'date') return '2020-01-27';
      if (schema.format === 'email') return 'test@exemple.fr';
      return 'texte'.slice(0, Math.max(schema.maxLength ?? 5, 1)).padEnd(schema.minLength ?? 0, 'x');
  }
}

/** One hostile variant of an object body: a field removed, replaced by a nasty value, or an extra field. */
export function mutateObject(schema: Schema | undefined, rng: Rng): unknown {
  const base = sampleValue(schema, rng);
  if (!base || typeof base !== 'object' || Array.isArray(base)) return pick(rng, NASTY_VALUES);
  const body = { ...(base as Record<string, unknown>) };
  const keys = Object.keys(body);
  const roll = rng();
  if (roll < 0.15 && keys.length) delete body[pick(rng, keys)];
  else if (roll < 0.25) body[pick(rng, ['extra', '__proto__', 'constructor', 'territoryId', 'id'])] = pick(rng, NASTY_VALUES);
  else if (roll < 0.3) return pick(rng, NASTY_VALUES);
  else if (keys.length) {
    const count = 1 + Math.floor(rng() * Math.min(3, keys.length));
    for (let i = 0; i < count; i++) body[pick(rng, keys)] = pick(rng, NASTY_VALUES);
  }
  return body;
}

/** Form fields are strings: nasty strings only. */
export function mutateForm(schema: Schema | undefined, rng: Rng): Record<string, string> {
  const keys = Object.keys(schema?.properties ?? {}).filter((k) => k !== '_csrf');
  const form: Record<string, string> = {};
  for (const k of keys) form[k] = rng() < 0.5 ? String(sampleValue(schema!.properties![k], rng)) : pick(rng, NASTY_STRINGS);
  if (keys.length && rng() < 0.2) delete form[pick(rng, keys)];
  if (rng() < 0.1) form[pick(rng, ['extra', 'territoryId'])] = pick(rng, NASTY_STRINGS);
  return form;
}

export const MALFORMED_BODIES: readonly { contentType: string; payload: string }[] = [
  { contentType: 'application/json', payload: '{' },
  { contentType: 'application/json', payload: '{"a":' },
  { contentType: 'application/json', payload: '' },
  { contentType: 'application/json', payload: 'null' },
  { contentType: 'application/json', payload: '[1,2' },
  { contentType: 'application/json', payload: '{"a":1}'.repeat(10) },
  { contentType: 'application/json; charset=latin1', payload: '{"name":"\u00e9"}' },
  { contentType: 'text/plain', payload: 'bonjour' },
  { contentType: 'application/xml', payload: '<a>1</a>' },
  { contentType: 'application/x-www-form-urlencoded', payload: '%%%=%%%&a' },
  { contentType: 'multipart/form-data; boundary=b', payload: '--b\r\nContent-Disposition: form-data; name="fichier"; filename="x.csv"\r\n\r\nabc' },
  { contentType: 'multipart/form-data', payload: 'pas de séparateur' },
];

/** Signs that an internal detail leaked into a response. */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /\bat [\w.<>]+ \(.*:\d+:\d+\)/,
  /node_modules/,
  /\/work\/|\/src\/.*\.tsx?/,
  /syntax error at or near/i,
  /violates (foreign key|unique|check|not-null) constraint/i,
  /duplicate key value/i,
  /relation "[^"]+" does not exist/i,
  /DrizzleQueryError|Failed query:/,
  /\bselect\b[^<]{0,80}\bfrom\b[^<]{0,80}\bwhere\b/i,
];
