import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory } from '../access/guard.tsx';
import { ErrorResponse, SirenParam, withErrors } from '../platform/http/schemas.ts';
import { parisToday } from '../platform/clock.ts';
import { BODY_KINDS, ITEM_KINDS } from './model.ts';
import * as assemblies from './service.ts';
import * as live from './live-service.ts';
import { attendanceStats } from './stats.ts';
import { AttendanceOut, BodyOut, MandateOut, NewMandateIn, NewSittingIn, RuleSetOut, SittingOut, Uuid, VoteIn, VoteOut, presentAttendance, presentMandate, presentSitting } from './api-schemas.ts';

const tags = ['Assemblées'];
const Done = Type.Object({ ok: Type.Literal(true) });
const SittingParams = Type.Object({ siren: SirenParam, sittingId: Uuid('séance') });
const ItemParams = Type.Object({ siren: SirenParam, itemId: Uuid("point de l'ordre du jour") });
const BodyParams = Type.Object({ siren: SirenParam, bodyId: Uuid('assemblée') });
const strict = { additionalProperties: false } as const;

/** Assemblies' JSON API: bodies, mandates, sittings, live attendance, votes. Validate → authorize → service → present. */
export function assembliesApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get('/instances', { config: { access: 'assembly.read' }, schema: { tags, summary: 'Les assemblées du territoire', params: Type.Object({ siren: SirenParam }), response: withErrors({ 200: Type.Array(BodyOut) }) } }, async (request) => {
      const h = here(request);
      h.require('assembly.read');
      return assemblies.listBodies(db, h.ctx);
    });

    t.post(
      '/instances',
      {
        config: { access: 'assembly.manage' },
        schema: {
          tags,
          summary: 'Crée une assemblée, avec ses règles par défaut (droit commun et périodes dérogatoires COVID)',
          params: Type.Object({ siren: SirenParam }),
          body: Type.Object(
            { kind: Type.String({ enum: [...BODY_KINDS] }), name: Type.String({ minLength: 1, maxLength: 200 }), communeInsee: Type.Optional(Type.String({ maxLength: 5 })), seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), note: Type.Optional(Type.String({ maxLength: 2000 })) },
            strict,
          ),
          response: withErrors({ 201: BodyOut, 409: ErrorResponse }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('assembly.manage');
        return reply.status(201).send(await assemblies.createBody(db, h.ctx, request.body, parisToday()));
      },
    );

    t.get(
      '/instances/:bodyId',
      {
        config: { access: 'assembly.read' },
        schema: {
          tags,
          summary: "Une assemblée : ses règles datées et ses mandats en cours à une date",
          params: BodyParams,
          querystring: Type.Object({ date: Type.Optional(Type.String({ format: 'date', description: "par défaut aujourd'hui" })) }),
          response: withErrors({ 200: Type.Object({ body: BodyOut, rules: Type.Array(RuleSetOut), mandates: Type.Array(MandateOut) }) }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('assembly.read');
        const detail = await assemblies.bodyDetail(db, h.ctx, request.params.bodyId, request.query.date ?? parisToday());
        return { body: detail.body, rules: detail.rules, mandates: detail.mandates.map(presentMandate) };
      },
    );

    t.post(
      '/instances/:bodyId/mandats',
      { config: { access: 'assembly.manage' }, schema: { tags, summary: "Ajoute un élu et son mandat (l'élu est repris s'il existe déjà)", params: BodyParams, body: NewMandateIn, response: withErrors({ 201: MandateOut, 409: ErrorResponse }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('assembly.manage');
        return reply.status(201).send(presentMandate(await assemblies.addMandate(db, h.ctx, request.params.bodyId, request.body)));
      },
    );

    t.get(
      '/instances/:bodyId/assiduite',
      {
        config: { access: 'assembly.read' },
        schema: {
          tags,
          summary: "L'assiduité de chaque membre sur une année",
          params: BodyParams,
          querystring: Type.Object({ annee: Type.Integer({ minimum: 1990, maximum: 2200 }) }),
          response: withErrors({
            200: Type.Object({
              year: Type.Integer(),
              sittings: Type.Integer(),
              members: Type.Array(Type.Object({ memberId: Type.String(), name: Type.String(), sittings: Type.Integer(), present: Type.Integer(), represented: Type.Integer(), excused: Type.Integer(), absent: Type.Integer() })),
            }),
          }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('assembly.read');
        const stats = await attendanceStats(db, h.ctx, request.params.bodyId, request.query.annee);
        return { year: stats.year, sittings: stats.sittings, members: [...stats.members] };
      },
    );

    t.get(
      '/seances',
      {
        config: { access: 'assembly.read' },
        schema: { tags, summary: "Les séances d'une année", params: Type.Object({ siren: SirenParam }), querystring: Type.Object({ annee: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2200 })) }), response: withErrors({ 200: Type.Array(SittingOut) }) },
      },
      async (request) => {
        const h = here(request);
        h.require('assembly.read');
        const year = request.query.annee;
        const list = await assemblies.listSittings(db, h.ctx, year ? { from: `${year}-01-01`, to: `${year}-12-31` } : {});
        return list.map((s) => ({ ...s, bodyName: s.bodyName }));
      },
    );

    t.post(
      '/instances/:bodyId/seances',
      { config: { access: 'assembly.manage' }, schema: { tags, summary: 'Convoque une séance (délai vérifié en jours francs)', params: BodyParams, body: NewSittingIn, response: withErrors({ 201: SittingOut, 409: ErrorResponse }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('assembly.manage');
        const sitting = await assemblies.createSitting(db, h.ctx, { ...request.body, bodyId: request.params.bodyId });
        return reply.status(201).send(presentSitting(await live.sittingOverview(db, h.ctx, sitting.id)));
      },
    );

    t.get(
      '/seances/:sittingId',
      {
        config: { access: 'assembly.read' },
        schema: {
          tags,
          summary: "Une séance : convocation, ordre du jour, présence, quorum et décision de chaque point",
          params: SittingParams,
          response: withErrors({
            200: Type.Object({
              sitting: SittingOut,
              convocation: Type.Union([Type.String(), Type.Null()]),
              items: Type.Array(AttendanceOut),
              excuseNotes: Type.Optional(Type.Array(Type.Object({ memberId: Type.String(), note: Type.Union([Type.String(), Type.Null()]) }), { description: 'secrétariat seulement' })),
            }),
          }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('assembly.read');
        const o = await live.sittingOverview(db, h.ctx, request.params.sittingId);
        return {
          sitting: presentSitting(o),
          convocation: o.convocation?.text ?? null,
          items: o.items.map(presentAttendance),
          // Apology notes may be health data: for those who record sittings only.
          ...(h.can('sitting.record') ? { excuseNotes: o.state.excuses.map((e) => ({ memberId: e.memberId, note: e.note })) } : {}),
        };
      },
    );

    t.post(
      '/seances/:sittingId/points',
      {
        config: { access: 'assembly.manage' },
        schema: {
          tags,
          summary: "Ajoute un point à la fin de l'ordre du jour",
          params: SittingParams,
          body: Type.Object({ title: Type.String({ minLength: 1, maxLength: 500 }), kind: Type.String({ enum: [...ITEM_KINDS] }), rapporteurId: Type.Optional(Type.Union([Uuid('rapporteur'), Type.Null()])), report: Type.Optional(Type.String({ maxLength: 20000 })) }, strict),
          response: withErrors({ 201: Type.Object({ id: Type.String({ format: 'uuid' }), position: Type.Integer() }), 409: ErrorResponse }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('assembly.manage');
        const item = await assemblies.addAgendaItem(db, h.ctx, request.params.sittingId, request.body);
        return reply.status(201).send({ id: item.id, position: item.position });
      },
    );

    t.post(
      '/seances/:sittingId/seconde-convocation',
      { config: { access: 'assembly.manage' }, schema: { tags, summary: 'Convoque la seconde séance après un quorum non atteint : points reportés, sans quorum', params: SittingParams, body: NewSittingIn, response: withErrors({ 201: SittingOut, 409: ErrorResponse }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('assembly.manage');
        const second = await assemblies.convokeSecondSitting(db, h.ctx, request.params.sittingId, request.body);
        return reply.status(201).send(presentSitting(await live.sittingOverview(db, h.ctx, second.id)));
      },
    );

    const record = <B extends Parameters<typeof Type.Object>[0]>(path: string, summary: string, body: B, run: (h: ReturnType<typeof here>, sittingId: string, input: never) => Promise<unknown>) =>
      t.post(
        `/seances/:sittingId/${path}`,
        { config: { access: 'sitting.record' }, schema: { tags, summary, params: SittingParams, body: Type.Object(body, strict), response: withErrors({ 200: Done, 409: ErrorResponse }) } },
        async (request) => {
          const h = here(request);
          h.require('sitting.record');
          await run(h, request.params.sittingId, request.body as never);
          return { ok: true as const };
        },
      );

    record('ouverture', 'Ouvre la séance : président de séance et secrétaire de séance (présents)', { presidentId: Uuid('président de séance'), secretaryId: Uuid('secrétaire de séance') }, (h, id, input: { presidentId: string; secretaryId: string }) =>
      live.openSitting(db, h.ctx, id, input),
    );
    record('levee', 'Lève la séance', {}, (h, id) => live.closeSitting(db, h.ctx, id));
    record(
      'appel',
      "L'appel en une fois : présents, excusés, pouvoirs (tout ou rien)",
      {
        present: Type.Array(Uuid('membre présent'), { maxItems: 2000 }),
        excused: Type.Optional(Type.Array(Uuid('membre excusé'), { maxItems: 2000 })),
        proxies: Type.Optional(Type.Array(Type.Object({ giverId: Uuid('mandant'), holderId: Uuid('mandataire'), writtenOn: Type.String({ format: 'date' }), illnessCertified: Type.Optional(Type.Boolean()) }, strict), { maxItems: 2000 })),
      },
      (h, id, input: live.RollCall) => live.recordRollCall(db, h.ctx, id, input),
    );
    record('mouvements', "Une arrivée ou un départ, à compter du point en cours", { memberId: Uuid('membre'), kind: Type.String({ enum: ['arrival', 'departure'] }) }, (h, id, input: { memberId: string; kind: 'arrival' | 'departure' }) =>
      live.recordMovement(db, h.ctx, id, input.memberId, input.kind),
    );
    record('excuses', "L'excuse d'un membre absent", { memberId: Uuid('membre'), note: Type.Optional(Type.String({ maxLength: 500 })) }, (h, id, input: { memberId: string; note?: string }) =>
      live.recordExcuse(db, h.ctx, id, input.memberId, input.note),
    );
    record(
      'pouvoirs',
      "Un pouvoir écrit d'un membre absent (ou qui part) à un membre présent (CGCT L2121-20)",
      { giverId: Uuid('mandant'), holderId: Uuid('mandataire'), writtenOn: Type.String({ format: 'date', description: 'date du pouvoir écrit' }), illnessCertified: Type.Optional(Type.Boolean({ description: 'maladie dûment constatée : au-delà de 3 séances' })) },
      (h, id, input: live.NewProxy) => live.giveProxy(db, h.ctx, id, input),
    );
    record('suppleances', "Le suppléant d'une commune à siège unique siège pour son titulaire absent (CGCT L5211-6)", { titularId: Uuid('titulaire'), substituteId: Uuid('suppléant') }, (h, id, input: { titularId: string; substituteId: string }) =>
      live.seatSubstitute(db, h.ctx, id, input),
    );

    t.get('/points/:itemId/presences', { config: { access: 'assembly.read' }, schema: { tags, summary: "La présence pour un point : en exercice, présents, pouvoirs, excusés, quorum, vote", params: ItemParams, response: withErrors({ 200: AttendanceOut }) } }, async (request) => {
      const h = here(request);
      h.require('assembly.read');
      return presentAttendance(await live.itemAttendance(db, h.ctx, request.params.itemId));
    });

    t.post(
      '/points/:itemId/retraits',
      { config: { access: 'sitting.record' }, schema: { tags, summary: 'Un membre ne prend pas part à ce point (intérêt personnel) : non compté', params: ItemParams, body: Type.Object({ memberId: Uuid('membre'), reason: Type.Optional(Type.String({ maxLength: 500 })) }, strict), response: withErrors({ 200: Done, 409: ErrorResponse }) } },
      async (request) => {
        const h = here(request);
        h.require('sitting.record');
        await live.recordWithdrawal(db, h.ctx, request.params.itemId, request.body);
        return { ok: true as const };
      },
    );

    t.post(
      '/points/:itemId/vote',
      { config: { access: 'sitting.record' }, schema: { tags, summary: 'La décision sur le point en cours : vote (décompte ou nominatif) ou « prend acte »', params: ItemParams, body: VoteIn, response: withErrors({ 200: VoteOut, 409: ErrorResponse }) } },
      async (request) => {
        const h = here(request);
        h.require('sitting.record');
        const v = await live.recordVote(db, h.ctx, request.params.itemId, request.body);
        return { mode: v.mode, ...v.counts, presidentChoice: v.presidentChoice, result: v.result, resultText: v.resultText, quorumText: v.quorumText };
      },
    );
  });
}
