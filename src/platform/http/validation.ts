import type { FastifySchemaValidationError } from 'fastify/types/schema.js';

const WHERE: Record<string, string> = {
  body: 'Le champ',
  querystring: 'Le paramètre',
  params: "Le paramètre d'adresse",
  headers: "L'en-tête",
};

function fieldOf(error: FastifySchemaValidationError): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty?: string }).missingProperty ?? '';
    return path ? `${path}.${missing}` : missing;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty ?? '';
    return path ? `${path}.${extra}` : extra;
  }
  return path;
}

/** Turns one JSON-schema error into a French sentence that names the field. */
export function frenchValidationMessage(error: FastifySchemaValidationError, context: string): { field: string; message: string } {
  const field = fieldOf(error);
  const subject = field ? `${WHERE[context] ?? 'Le champ'} « ${field} »` : 'La requête';
  const p = error.params as Record<string, unknown>;
  let what: string;
  switch (error.keyword) {
    case 'required':
      what = 'est obligatoire';
      break;
    case 'additionalProperties':
      what = "n'est pas attendu";
      break;
    case 'type':
      what = `doit être de type ${frenchType(String(p.type))}`;
      break;
    case 'minLength':
      what = Number(p.limit) === 1 ? 'ne doit pas être vide' : `doit contenir au moins ${String(p.limit)} caractères`;
      break;
    case 'maxLength':
      what = `doit contenir au plus ${String(p.limit)} caractères`;
      break;
    case 'minimum':
      what = `doit être supérieur ou égal à ${String(p.limit)}`;
      break;
    case 'maximum':
      what = `doit être inférieur ou égal à ${String(p.limit)}`;
      break;
    case 'pattern':
    case 'format':
      what = "n'a pas le format attendu";
      break;
    case 'enum':
      what = `doit valoir l'une des valeurs : ${((p.allowedValues as unknown[]) ?? []).join(', ')}`;
      break;
    case 'minItems':
      what = `doit contenir au moins ${String(p.limit)} élément(s)`;
      break;
    case 'maxItems':
      what = `doit contenir au plus ${String(p.limit)} élément(s)`;
      break;
    default:
      what = "n'est pas valide";
  }
  return { field, message: `${subject} ${what}.` };
}

function frenchType(type: string): string {
  return (
    { string: 'texte', integer: 'entier', number: 'nombre', boolean: 'booléen', object: 'objet', array: 'liste', null: 'nul' } as Record<string, string>
  )[type] ?? type;
}
