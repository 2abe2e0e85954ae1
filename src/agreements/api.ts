import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory } from '../access/guard.tsx';
import { ErrorResponse, InseeParam, SirenParam, withErrors } from '../platform/http/schemas.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { parisToday } from '../platform/clock.ts';
import * as territory from '../territory/service.ts';
import * as agreements from './service.ts';
import { agreementDetail, compensationRegister, EVERYONE, register } from './view-service.ts';
import { compensationGate, viewerOf } from './viewer.ts';
import { presentCompensation, presentDetail, presentService } from './present.ts';
import { AgreementDetailOut, AgreementIn, AmendmentIn, ApprovalIn, CompensationIn, CompensationOut, Day, ServiceIn, ServiceOut, StaffIn, Uuid } from './api-schemas.ts';
import { SERVICE_STATUSES, type ServiceStatus } from './model.ts';

const tags = ['Services mutualisés et conventions'];
const P = Type.Object({ siren: SirenParam });
const PS = Type.Object({ siren: SirenParam, serviceId: Uuid });
const PA = Type.Object({ siren: SirenParam, agreementId: Uuid });
const Conflict = { 409: ErrorResponse };
const Created = Type.Object({ id: Uuid });
const OnQuery = Type.Object({ date: Type.Optional(Day) }, { additionalProperties: false });

/** The register's JSON API: validate → authorize → service → present. */
export function agreementsApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get(
      '/services-mutualises',
      {
        config: { access: 'agreement.read' },
        schema: {
          tags,
          summary: 'Le registre des services mutualisés et de leurs conventions (un utilisateur communal : ceux de sa commune), filtrable',
          params: P,
          querystring: Type.Object({ theme: Type.Optional(Type.String({ maxLength: 80 })), participant: Type.Optional(Uuid), statut: Type.Optional(Type.String({ enum: [...SERVICE_STATUSES] })), date: Type.Optional(Day) }, { additionalProperties: false }),
          response: withErrors({ 200: Type.Array(ServiceOut) }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('agreement.read');
        const q = request.query;
        const view = await register(db, h.ctx, viewerOf(h), { theme: q.theme, participantId: q.participant, status: q.statut as ServiceStatus | undefined }, q.date ?? parisToday());
        return view.services.map(presentService);
      },
    );

    t.post('/services-mutualises', { config: { access: 'agreement.manage' }, schema: { tags, summary: 'Crée un service commun, une mise à disposition ou une prestation, avec ses participants', params: P, body: ServiceIn, response: withErrors({ 201: Created, ...Conflict }) } }, async (request, reply) => {
      const h = here(request);
      h.require('agreement.manage');
      const service = await agreements.createService(db, h.ctx, request.body);
      return reply.status(201).send({ id: service.id });
    });

    t.post(
      '/services-mutualises/:serviceId/participants',
      {
        config: { access: 'agreement.manage' },
        schema: { tags, summary: 'Une collectivité rejoint le service à une date', params: PS, body: Type.Object({ collectivityId: Uuid, validFrom: Day, validTo: Type.Optional(Type.Union([Day, Type.Null()])) }, { additionalProperties: false }), response: withErrors({ 204: Type.Null(), ...Conflict }) },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('agreement.manage');
        await agreements.addServiceParticipant(db, h.ctx, request.params.serviceId, request.body);
        return reply.status(204).send(null);
      },
    );

    t.post('/services-mutualises/:serviceId/agents', { config: { access: 'agreement.manage' }, schema: { tags, summary: 'Ajoute un agent ou un poste au service (transféré ou mis à disposition)', params: PS, body: StaffIn, response: withErrors({ 201: Created }) } }, async (request, reply) => {
      const h = here(request);
      h.require('agreement.manage');
      const member = await agreements.addStaff(db, h.ctx, request.params.serviceId, request.body);
      return reply.status(201).send({ id: member.id });
    });

    t.post('/conventions', { config: { access: 'agreement.manage' }, schema: { tags, summary: "Enregistre une convention (d'un service, ou la convention générale) et ses parties", params: P, body: AgreementIn, response: withErrors({ 201: AgreementDetailOut, ...Conflict }) } }, async (request, reply) => {
      const h = here(request);
      h.require('agreement.manage');
      const created = await agreements.createAgreement(db, h.ctx, request.body);
      return reply.status(201).send(presentDetail(await agreementDetail(db, h.ctx, viewerOf(h), created.id, parisToday())));
    });

    t.get(
      '/conventions/:agreementId',
      { config: { access: 'agreement.read' }, schema: { tags, summary: "Une convention : avenants et annexes financières, approbations (qui a, qui n'a pas approuvé), comité de pilotage, agents", params: PA, querystring: OnQuery, response: withErrors({ 200: AgreementDetailOut }) } },
      async (request) => {
        const h = here(request);
        h.require('agreement.read');
        return presentDetail(await agreementDetail(db, h.ctx, viewerOf(h), request.params.agreementId, request.query.date ?? parisToday()));
      },
    );

    t.post(
      '/conventions/:agreementId/avenants',
      { config: { access: 'agreement.manage' }, schema: { tags, summary: 'Ajoute un avenant avec son annexe financière, les modes de paiement et échéanciers de chaque participant', params: PA, body: AmendmentIn, response: withErrors({ 201: AgreementDetailOut, ...Conflict }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('agreement.manage');
        const b = request.body;
        await agreements.addAmendment(db, h.ctx, request.params.agreementId, { ...b, signedOn: b.signedOn ?? null, workUnit: b.workUnit ?? null, forecastUnits: b.forecastUnits ?? null, staffCommitteeOpinionOn: b.staffCommitteeOpinionOn ?? null });
        return reply.status(201).send(presentDetail(await agreementDetail(db, h.ctx, viewerOf(h), request.params.agreementId, parisToday())));
      },
    );

    t.post('/conventions/:agreementId/approbations', { config: { access: 'agreement.approve' }, schema: { tags, summary: "Enregistre l'approbation de la convention par l'assemblée d'une partie (dans n'importe quel ordre)", params: PA, body: ApprovalIn, response: withErrors({ 200: AgreementDetailOut, ...Conflict }) } }, async (request) => {
      const h = here(request);
      h.require('agreement.approve');
      await agreements.recordApproval(db, h.ctx, { ...request.body, agreementId: request.params.agreementId });
      return presentDetail(await agreementDetail(db, h.ctx, viewerOf(h), request.params.agreementId, parisToday()));
    });

    t.post(
      '/conventions/:agreementId/avenants/:amendmentId/approbations',
      { config: { access: 'agreement.approve' }, schema: { tags, summary: "Enregistre l'approbation d'un avenant par l'assemblée d'un participant", params: Type.Object({ siren: SirenParam, agreementId: Uuid, amendmentId: Uuid }), body: ApprovalIn, response: withErrors({ 200: AgreementDetailOut, ...Conflict }) } },
      async (request) => {
        const h = here(request);
        h.require('agreement.approve');
        await agreements.recordApproval(db, h.ctx, { ...request.body, agreementId: request.params.agreementId, amendmentId: request.params.amendmentId });
        return presentDetail(await agreementDetail(db, h.ctx, viewerOf(h), request.params.agreementId, parisToday()));
      },
    );

    t.post(
      '/conventions/:agreementId/comite',
      {
        config: { access: 'agreement.manage' },
        schema: {
          tags,
          summary: 'Constitue le comité de pilotage de la convention (des représentants de chaque partie)',
          params: PA,
          body: Type.Object({ name: Type.String({ maxLength: 200 }), members: Type.Array(Type.Object({ collectivityId: Uuid, name: Type.String({ maxLength: 200 }), role: Type.String({ maxLength: 200 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
          response: withErrors({ 200: AgreementDetailOut, ...Conflict }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('agreement.manage');
        await agreements.createSteeringCommittee(db, h.ctx, request.params.agreementId, request.body);
        return presentDetail(await agreementDetail(db, h.ctx, viewerOf(h), request.params.agreementId, parisToday()));
      },
    );

    t.post(
      '/conventions/:agreementId/comite/reunions',
      {
        config: { access: 'agreement.manage' },
        schema: {
          tags,
          summary: 'Enregistre une réunion du comité de pilotage et ses décisions',
          params: PA,
          body: Type.Object({ heldOn: Day, agenda: Type.String({ maxLength: 2000 }), decisions: Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 50 }) }, { additionalProperties: false }),
          response: withErrors({ 200: AgreementDetailOut, ...Conflict }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('agreement.manage');
        await agreements.recordMeeting(db, h.ctx, request.params.agreementId, request.body);
        return presentDetail(await agreementDetail(db, h.ctx, viewerOf(h), request.params.agreementId, parisToday()));
      },
    );

    t.get(
      '/attributions-compensation',
      {
        config: { access: 'compensation.register' },
        schema: { tags, summary: "Le registre des attributions de compensation de toutes les communes pour une année", params: P, querystring: Type.Object({ annee: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false }), response: withErrors({ 200: Type.Array(CompensationOut) }) },
      },
      async (request) => {
        const h = here(request);
        h.require('compensation.register');
        return (await compensationRegister(db, h.ctx, EVERYONE, { year: request.query.annee })).map(presentCompensation);
      },
    );

    t.put(
      '/communes/:insee/attributions-compensation/:annee',
      {
        config: { access: 'compensation.manage' },
        schema: { tags, summary: "Fixe l'attribution de compensation d'une commune pour une année, après le rapport de la CLECT", params: Type.Object({ siren: SirenParam, insee: InseeParam, annee: Type.Integer({ minimum: 2000, maximum: 2100 }) }), body: CompensationIn, response: withErrors({ 200: CompensationOut }) },
      },
      async (request) => {
        const h = here(request);
        h.require('compensation.manage');
        const commune = await territory.collectivityByInsee(db, h.ctx, request.params.insee);
        if (!commune || commune.kind !== 'commune') throw new NotFoundError("Cette commune n'appartient pas au territoire.");
        await agreements.setCompensationAllocation(db, h.ctx, { ...request.body, communeId: commune.id, year: request.params.annee });
        return presentCompensation((await compensationRegister(db, h.ctx, { communeIds: null, staffDetail: false }, { year: request.params.annee, communeId: commune.id }))[0]!);
      },
    );

    t.get(
      '/communes/:insee/attributions-compensation',
      {
        config: { access: 'compensation.read' },
        preValidation: compensationGate(db),
        schema: { tags, summary: "L'attribution de compensation d'une commune, année par année", params: Type.Object({ siren: SirenParam, insee: InseeParam }), response: withErrors({ 200: Type.Array(CompensationOut) }) },
      },
      async (request) => {
        const h = here(request);
        const commune = await territory.collectivityByInsee(db, h.ctx, request.params.insee);
        if (!commune || commune.kind !== 'commune') throw new NotFoundError("Cette commune n'appartient pas au territoire.");
        h.require('compensation.read', { collectivityId: commune.id });
        return (await compensationRegister(db, h.ctx, { communeIds: null, staffDetail: false }, { communeId: commune.id })).map(presentCompensation);
      },
    );
  });
}
