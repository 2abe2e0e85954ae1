import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory } from '../access/guard.tsx';
import { ErrorResponse, SirenParam, withErrors } from '../platform/http/schemas.ts';
import * as deliberations from './service.ts';
import type { Deliberation } from './service.ts';

const tags = ['Délibérations'];
const strict = { additionalProperties: false } as const;
const Uuid = (what: string) => Type.String({ format: 'uuid', description: `identifiant de la ${what}` });
const DateString = Type.String({ format: 'date' });
const Params = Type.Object({ siren: SirenParam, deliberationId: Uuid('délibération') });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const DeliberationOut = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  number: Type.String({ description: 'ex. 2020.00079' }),
  itemId: Type.String(),
  sittingId: Type.String(),
  bodyId: Type.String(),
  adoptedOn: Type.String(),
  title: Type.String(),
  matterCode: Type.String({ description: 'matière ACTES, ex. 5.7' }),
  recitals: Type.String(),
  decision: Type.String(),
  debates: Nullable(Type.String()),
  rapporteurId: Nullable(Type.String()),
  outcome: Type.String({ enum: ['adopted', 'rejected', 'noted'] }),
  actesId: Nullable(Type.String({ description: 'identifiant @ctes, ex. 042-244200770-20200127-2020_00079-DE' })),
  transmittedOn: Nullable(Type.String()),
  transmissionChannel: Nullable(Type.String()),
  acknowledgedOn: Nullable(Type.String()),
  publishedOn: Nullable(Type.String()),
  enforceableOn: Nullable(Type.String()),
});
const AnnexOut = Type.Object({ id: Type.String(), position: Type.Integer(), title: Type.String(), filename: Type.String(), mediaType: Type.String(), size: Type.Integer(), sha256: Type.String(), source: Type.String() });

const present = (d: Deliberation) => {
  const { seq: _seq, ...rest } = d;
  return rest;
};

/** Deliberations' JSON API: register search, creation and numbering, préfecture, publication. Validate → authorize → service → present. */
export function deliberationsApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get(
      '/deliberations',
      {
        config: { access: 'deliberation.read' },
        schema: {
          tags,
          summary: 'Le registre des délibérations, filtré (numéro, année, dates, matière, assemblée, texte intégral en français)',
          params: Type.Object({ siren: SirenParam }),
          querystring: Type.Object(
            {
              numero: Type.Optional(Type.String({ maxLength: 40 })),
              annee: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2200 })),
              du: Type.Optional(DateString),
              au: Type.Optional(DateString),
              matiere: Type.Optional(Type.String({ pattern: '^\\d(\\.\\d{1,2})?$' })),
              instance: Type.Optional(Type.String({ format: 'uuid' })),
              texte: Type.Optional(Type.String({ maxLength: 200 })),
            },
            strict,
          ),
          response: withErrors({ 200: Type.Array(Type.Intersect([DeliberationOut, Type.Object({ bodyName: Type.String() })])) }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('deliberation.read');
        const q = request.query;
        return (await deliberations.searchRegister(db, h.ctx, { number: q.numero, year: q.annee, from: q.du, to: q.au, matterCode: q.matiere, bodyId: q.instance, text: q.texte })).map((d) => ({ ...present(d), bodyName: d.bodyName }));
      },
    );

    t.post(
      '/deliberations',
      {
        config: { access: 'deliberation.manage' },
        schema: {
          tags,
          summary: "Crée la délibération d'un point délibéré et la numérote dans le registre de l'année (numéro explicite : délibération passée seulement)",
          params: Type.Object({ siren: SirenParam }),
          body: Type.Object(
            {
              itemId: Type.String({ format: 'uuid' }),
              title: Type.Optional(Type.String({ maxLength: 500 })),
              matterCode: Type.String({ maxLength: 5 }),
              recitals: Type.Optional(Type.String({ maxLength: 20_000 })),
              decision: Type.String({ maxLength: 50_000 }),
              debates: Type.Optional(Type.String({ maxLength: 50_000 })),
              rapporteurId: Type.Optional(Type.String({ format: 'uuid' })),
              number: Type.Optional(Type.String({ maxLength: 40 })),
            },
            strict,
          ),
          response: withErrors({ 201: DeliberationOut, 409: ErrorResponse }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('deliberation.manage');
        return reply.status(201).send(present(await deliberations.createDeliberation(db, h.ctx, request.body)));
      },
    );

    t.post(
      '/deliberations/numerotation',
      {
        config: { access: 'deliberation.manage' },
        schema: {
          tags,
          summary: "Fixe le modèle de numérotation d'une année et son premier numéro, tant qu'aucune délibération de l'année n'est numérotée",
          params: Type.Object({ siren: SirenParam }),
          body: Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2200 }), pattern: Type.String({ maxLength: 40, description: 'ex. {AAAA}.{NNNNN}' }), firstNumber: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999 })) }, strict),
          response: withErrors({ 200: Type.Object({ year: Type.Integer(), pattern: Type.String(), next: Type.String() }), 409: ErrorResponse }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('deliberation.manage');
        await deliberations.configureNumbering(db, h.ctx, request.body.year, request.body);
        return { year: request.body.year, ...(await deliberations.numbering(db, h.ctx, request.body.year)) };
      },
    );

    t.get(
      '/deliberations/:deliberationId',
      { config: { access: 'deliberation.read' }, schema: { tags, summary: 'Une délibération, ses annexes et son historique', params: Params, response: withErrors({ 200: Type.Object({ deliberation: DeliberationOut, annexes: Type.Array(AnnexOut), history: Type.Array(Type.Object({ at: Type.String(), actorLabel: Type.String(), action: Type.String() })) }) }) } },
      async (request) => {
        const h = here(request);
        h.require('deliberation.read');
        const detail = await deliberations.deliberationDetail(db, h.ctx, request.params.deliberationId);
        return { deliberation: present(detail.deliberation), annexes: [...detail.annexes], history: detail.history.map((e) => ({ at: e.at, actorLabel: e.actorLabel, action: e.action })) };
      },
    );

    t.post(
      '/deliberations/:deliberationId/transmission',
      {
        config: { access: 'deliberation.manage' },
        schema: {
          tags,
          summary: "Enregistre la transmission en préfecture (@ctes) telle que l'opérateur la retourne, et l'accusé de réception",
          params: Params,
          body: Type.Object({ actesId: Type.Optional(Type.String({ maxLength: 60 })), transmittedOn: DateString, channel: Type.Optional(Type.String({ maxLength: 200 })), acknowledgedOn: Type.Optional(DateString) }, strict),
          response: withErrors({ 200: DeliberationOut, 409: ErrorResponse }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('deliberation.manage');
        return present(await deliberations.recordTransmission(db, h.ctx, request.params.deliberationId, request.body));
      },
    );

    t.post(
      '/deliberations/:deliberationId/publication',
      {
        config: { access: 'deliberation.manage' },
        schema: { tags, summary: 'Publie la délibération (jamais avant son adoption)', params: Params, body: Type.Object({ publishedOn: DateString }, strict), response: withErrors({ 200: DeliberationOut, 409: ErrorResponse }) },
      },
      async (request) => {
        const h = here(request);
        h.require('deliberation.manage');
        return present(await deliberations.publishDeliberation(db, h.ctx, request.params.deliberationId, request.body.publishedOn));
      },
    );
  });
}
