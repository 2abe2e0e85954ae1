import { Type, type TSchema } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory } from '../access/guard.tsx';
import { ErrorResponse, SirenParam, withErrors } from '../platform/http/schemas.ts';
import { LegalDateOut } from '../convergence/api.ts';
import { ACTION_STATUSES, OPINIONS } from './model.ts';
import * as scheme from './service.ts';
import type { Consultation } from './service.ts';

const tags = ['Schéma de mutualisation'];
/** Model values are deeply readonly; the serializer only reads them. */
type Plain<T> = T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { -readonly [K in keyof T]: Plain<T[K]> } : T;
const plain = <T>(value: T) => value as Plain<T>;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });

const SchemeOut = Type.Object({
  id: Uuid,
  title: Type.String(),
  sentToCommunesOn: Nullable(Day),
  adoptedOn: Nullable(LegalDateOut),
  adoptingBody: Nullable(Type.String()),
  deliberationReference: Nullable(Type.String()),
  context: Type.String(),
  orientations: Type.Array(Type.String()),
  principles: Type.Array(Type.String()),
  note: Nullable(Type.String()),
});
const ActionOut = Type.Object({
  id: Uuid,
  orientation: Nullable(Type.Integer({ description: "numéro de l'orientation servie (à partir de 1)" })),
  title: Type.String(),
  description: Nullable(Type.String()),
  status: Type.String({ enum: [...ACTION_STATUSES] }),
  startedOn: Nullable(LegalDateOut),
  completedOn: Nullable(LegalDateOut),
});
const Counts = Type.Object({ total: Type.Integer(), byStatus: Type.Record(Type.String(), Type.Integer()) });
const ConsultationOut = Type.Object({
  deadline: Nullable(Type.String({ format: 'date', description: 'dernier jour pour rendre un avis : trois mois après la transmission (CGCT L5211-39-1)' })),
  membersOn: Day,
  membersToday: Type.Boolean({ description: "vrai quand le registre ne connaît pas les membres au jour de la transmission : ceux d'aujourd'hui sont donnés" }),
  opinions: Type.Array(
    Type.Object({
      collectivityId: Uuid,
      name: Type.String(),
      state: Type.String({ enum: ['favourable', 'unfavourable', 'tacitFavourable', 'pending', 'notAsked'], description: 'tacitFavourable : silence au-delà de trois mois, avis réputé favorable' }),
      givenOn: Nullable(Day),
      deliberationReference: Nullable(Type.String()),
      late: Type.Boolean({ description: 'avis voté après le délai : le silence valait déjà avis favorable' }),
    }),
  ),
  tally: Type.Object({ consulted: Type.Integer(), favourable: Type.Integer(), tacitFavourable: Type.Integer(), unfavourable: Type.Integer(), pending: Type.Integer(), favourableInAll: Type.Integer() }),
});
const DetailOut = Type.Object({ scheme: SchemeOut, actions: Type.Array(ActionOut), counts: Counts, consultation: ConsultationOut });
const SummaryOut = Type.Object({
  scheme: SchemeOut,
  orientations: Type.Array(Type.Object({ number: Type.Integer(), text: Type.String(), actions: Type.Array(ActionOut), counts: Counts })),
  otherActions: Type.Array(ActionOut),
  counts: Counts,
  consultation: ConsultationOut,
});

const SchemeIn = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    sentToCommunesOn: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'AAAA-MM-JJ : transmission du projet aux conseils municipaux' }))),
    adoptedOn: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'AAAA-MM-JJ (ou un mois, une année)' }))),
    adoptingBody: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    deliberationReference: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    context: Type.String({ maxLength: 5000 }),
    orientations: Type.Array(Type.String({ maxLength: 600 }), { maxItems: 30 }),
    principles: Type.Array(Type.String({ maxLength: 300 }), { maxItems: 30 }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
const ActionIn = Type.Object(
  {
    orientation: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 30 }))),
    title: Type.String({ maxLength: 300 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 3000 }))),
    status: Type.String({ enum: [...ACTION_STATUSES] }),
    startedOn: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    completedOn: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  },
  { additionalProperties: false },
);
const OpinionIn = Type.Object(
  { collectivityId: Uuid, opinion: Type.String({ enum: [...OPINIONS] }), givenOn: Type.String({ maxLength: 20, description: 'AAAA-MM-JJ' }), deliberationReference: Type.Optional(Nullable(Type.String({ maxLength: 100 }))) },
  { additionalProperties: false },
);

const P = Type.Object({ siren: SirenParam });
const PS = Type.Object({ siren: SirenParam, poolingSchemeId: Uuid });
const PSA = Type.Object({ siren: SirenParam, poolingSchemeId: Uuid, actionId: Uuid });

const presentConsultation = (c: Consultation) => ({
  ...plain(c),
  opinions: c.opinions.map((o) => ({ collectivityId: o.collectivityId, name: o.name, state: o.state, givenOn: o.recorded?.givenOn ?? null, deliberationReference: o.recorded?.deliberationReference ?? null, late: o.late })),
});

/** The pooling scheme's JSON API: validate → authorize → service → present. */
export function schemeApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get('/schemas', { config: { access: 'scheme.read' }, schema: { tags, summary: 'Les schémas de mutualisation du territoire, le plus récemment adopté en premier', params: P, response: withErrors({ 200: Type.Array(SchemeOut) }) } }, async (request) => {
      const h = here(request);
      h.require('scheme.read');
      return plain(await scheme.listSchemes(db, h.ctx));
    });

    t.get(
      '/schemas/en-vigueur',
      {
        config: { access: 'scheme.read' },
        schema: { tags, summary: "Le schéma en vigueur pour le rapport d'avancement : orientations et leurs actions, principes, avis des communes (null sans schéma)", params: P, response: withErrors({ 200: Nullable(SummaryOut) }) },
      },
      async (request) => {
        const h = here(request);
        h.require('scheme.read');
        const summary = await scheme.poolingSchemeSummary(db, h.ctx);
        return summary ? { ...plain(summary), consultation: presentConsultation(summary.consultation) } : null;
      },
    );

    t.post('/schemas', { config: { access: 'scheme.manage' }, schema: { tags, summary: 'Enregistre un schéma de mutualisation (projet ou adopté)', params: P, body: SchemeIn, response: withErrors({ 201: SchemeOut }) } }, async (request, reply) => {
      const h = here(request);
      h.require('scheme.manage');
      return reply.status(201).send(plain(await scheme.createScheme(db, h.ctx, request.body)));
    });

    t.get('/schemas/:poolingSchemeId', { config: { access: 'scheme.read' }, schema: { tags, summary: 'Un schéma, ses actions et les avis des communes à ce jour', params: PS, response: withErrors({ 200: DetailOut }) } }, async (request) => {
      const h = here(request);
      h.require('scheme.read');
      const detail = await scheme.schemeDetail(db, h.ctx, request.params.poolingSchemeId);
      return { ...plain(detail), consultation: presentConsultation(detail.consultation) };
    });

    t.post('/schemas/:poolingSchemeId', { config: { access: 'scheme.manage' }, schema: { tags, summary: 'Modifie le schéma : dates, orientations, principes', params: PS, body: SchemeIn, response: withErrors({ 200: SchemeOut, 409: ErrorResponse }) } }, async (request) => {
      const h = here(request);
      h.require('scheme.manage');
      return plain(await scheme.updateScheme(db, h.ctx, request.params.poolingSchemeId, request.body));
    });

    t.post('/schemas/:poolingSchemeId/actions', { config: { access: 'scheme.manage' }, schema: { tags, summary: 'Ajoute une action au schéma', params: PS, body: ActionIn, response: withErrors({ 201: ActionOut, 409: ErrorResponse }) } }, async (request, reply) => {
      const h = here(request);
      h.require('scheme.manage');
      return reply.status(201).send(plain(await scheme.addAction(db, h.ctx, request.params.poolingSchemeId, request.body)));
    });

    t.post('/schemas/:poolingSchemeId/actions/:actionId', { config: { access: 'scheme.manage' }, schema: { tags, summary: "Modifie une action : état, dates, orientation", params: PSA, body: ActionIn, response: withErrors({ 200: ActionOut, 409: ErrorResponse }) } }, async (request) => {
      const h = here(request);
      h.require('scheme.manage');
      return plain(await scheme.updateAction(db, h.ctx, request.params.poolingSchemeId, request.params.actionId, request.body));
    });

    t.post(
      '/schemas/:poolingSchemeId/avis',
      { config: { access: 'scheme.recordOpinion' }, schema: { tags, summary: "Enregistre l'avis d'un conseil municipal sur le schéma (ou le corrige)", params: PS, body: OpinionIn, response: withErrors({ 200: DetailOut, 409: ErrorResponse }) } },
      async (request) => {
        const h = here(request);
        h.require('scheme.recordOpinion');
        await scheme.recordOpinion(db, h.ctx, request.params.poolingSchemeId, request.body);
        const detail = await scheme.schemeDetail(db, h.ctx, request.params.poolingSchemeId);
        return { ...plain(detail), consultation: presentConsultation(detail.consultation) };
      },
    );
  });
}
