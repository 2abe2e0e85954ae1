import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** The official DECP v2.0.3 JSON Schema (139bercy/format-commande-publique), a copy of ../shared/reference/schemas. */
export const DECP_SCHEMA_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'decp-2.0.3.schema.json');

let compiled: ValidateFunction | null = null;

/** The schema compiled once; every error is collected so that a file is fixed in one go. */
export function decpValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(fs.readFileSync(DECP_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    // The official schema is draft-07 with a few loose spots (uniqueItems on an object): validate, do not lint it.
    const ajv = new Ajv({ allErrors: true, strict: false });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

export type SchemaError = ErrorObject;
