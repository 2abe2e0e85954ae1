import { Type, type TSchema } from '@sinclair/typebox';

/** Every API error: a French sentence, and the field it names when there is one. */
export const ErrorResponse = Type.Object(
  { error: Type.String({ description: "message d'erreur en français" }), field: Type.Optional(Type.String({ description: 'champ en cause' })) },
  { $id: 'Erreur', description: 'Erreur' },
);

/** The error responses every territory route may give, documented once. */
export function withErrors<T extends Record<number, TSchema>>(responses: T) {
  return { ...responses, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
}

export const SirenParam = Type.String({ pattern: '^\\d{9}$', description: 'SIREN du territoire (EPCI)' });
export const InseeParam = Type.String({ pattern: '^(\\d{5}|2[AB]\\d{3})$', description: 'code INSEE de la commune' });
