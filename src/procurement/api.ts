import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory } from '../access/guard.tsx';
import { ErrorResponse, SirenParam, InseeParam, withErrors } from '../platform/http/schemas.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { parisToday } from '../platform/clock.ts';
import type { Cents } from '../platform/money.ts';
import * as procurement from './service.ts';
import * as contracts from './contract-service.ts';
import { contractDetail, groupDetail, listContracts, type GroupDetail } from './view-service.ts';
import { procurementYearStatistics } from './statistics-service.ts';
import { DecpImportError, exportDecp, importDecp } from './decp-service.ts';
import { describeDecpProblem } from './decp/import.ts';
import { communeGate, viewerOf } from './viewer.ts';
import type { GroupSummary } from './service.ts';
import type { Contract } from './contract-model.ts';
import { ContractIn, ContractOut, ContractSummaryOut, GroupDetailOut, GroupOut, LotOut, StatisticsOut, Uuid } from './api-schemas.ts';
import { COORDINATOR_MISSIONS, SCOPES } from './model.ts';

const tags = ['Achats groupés'];
const P = Type.Object({ siren: SirenParam });
const PG = Type.Object({ siren: SirenParam, groupId: Uuid });
const PC = Type.Object({ siren: SirenParam, contractId: Uuid });
const Conflict = { 409: ErrorResponse };
const NeedsIn = Type.Object(
  {
    besoins: Type.Array(
      Type.Object(
        { lotId: Uuid, quantity: Type.Union([Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,4})?$' }), Type.Null()]), estimatedCents: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]), comment: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

const presentGroup = (s: GroupSummary) => ({ ...s.group, scopes: [...s.group.scopes], categories: [...s.group.categories], coordinator: s.coordinator, memberCount: s.members.length });
const presentSummary = (c: Pick<Contract, 'id' | 'reference' | 'object' | 'groupId' | 'sharedDirection' | 'buyerSiret' | 'notifiedOn' | 'amountCents'>, buyer: string) => ({ id: c.id, reference: c.reference, object: c.object, groupId: c.groupId, sharedDirection: c.sharedDirection, buyerSiret: c.buyerSiret, buyer, notifiedOn: c.notifiedOn, amountCents: c.amountCents });
const presentDetail = (d: GroupDetail) => ({
  group: presentGroup({ group: d.group, members: d.members, coordinator: d.coordinator?.name ?? '—' }),
  members: d.members.map(({ siret: _siret, ...m }) => m),
  lots: d.lots.map((l) => ({
    lot: { id: l.lot.id, number: l.lot.number, title: l.lot.title, unit: l.lot.unit },
    lines: l.lines.map((line) => ({ collectivityId: line.member.collectivityId, hidden: line.hidden, quantity: line.need?.quantity ?? null, estimatedCents: line.need?.estimatedCents ?? null, comment: line.need?.comment ?? null })),
    totalQuantity: l.totalQuantity,
    totalCents: l.totalCents,
    declared: l.declared,
  })),
  missing: d.missing.map((m) => ({ collectivityId: m.collectivityId, name: m.name })),
  contracts: d.contracts.map((v) => ({ contract: presentSummary(v.contract, v.buyerName), amountInForceCents: v.amountInForceCents, consumedCents: v.consumption.totalCents, beyondCeiling: v.consumption.beyondCeiling })),
});

/** Joint purchasing's JSON API: validate → authorize → service → present. */
export function procurementApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    // The DECP import keeps the file's text, so that its errors name the lines of the file that was sent.
    t.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = String(body);
      (request as unknown as { rawText: string }).rawText = text;
      if (text.trim() === '') return done(new UserError('Le corps de la requête JSON est vide.', 400), undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new UserError("Le corps de la requête n'est pas un JSON valide.", 400), undefined);
      }
    });

    t.get('/achats/groupements', { config: { access: 'procurement.read' }, schema: { tags, summary: 'Les groupements de commandes (un utilisateur communal : ceux de sa commune)', params: P, response: withErrors({ 200: Type.Array(GroupOut) }) } }, async (request) => {
      const h = here(request);
      h.require('procurement.read');
      return (await procurement.listGroups(db, h.ctx, viewerOf(h))).map(presentGroup);
    });

    t.post(
      '/achats/groupements',
      {
        config: { access: 'procurement.manage' },
        schema: {
          tags,
          summary: 'Constitue un groupement (en cours de constitution) avec ses membres et son coordonnateur',
          params: P,
          body: Type.Object(
            {
              reference: Type.String({ maxLength: 16 }),
              object: Type.String({ maxLength: 1000 }),
              scopes: Type.Array(Type.String({ enum: [...SCOPES] }), { minItems: 1, maxItems: 3 }),
              categories: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 20 })),
              coordinatorId: Uuid,
              memberIds: Type.Array(Uuid, { minItems: 1, maxItems: 200, description: 'membres, coordonnateur compris' }),
              coordinatorMission: Type.String({ enum: [...COORDINATOR_MISSIONS] }),
              agreementDurationMonths: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 600 }), Type.Null()])),
              note: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: GroupDetailOut, ...Conflict }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('procurement.manage');
        const created = await procurement.createGroup(db, h.ctx, request.body);
        return reply.status(201).send(presentDetail(await groupDetail(db, h.ctx, created.id, viewerOf(h))));
      },
    );

    t.get('/achats/groupements/:groupId', { config: { access: 'procurement.read' }, schema: { tags, summary: 'Un groupement : membres, approbations, besoins par lot, marchés', params: PG, response: withErrors({ 200: GroupDetailOut }) } }, async (request) => {
      const h = here(request);
      h.require('procurement.read');
      return presentDetail(await groupDetail(db, h.ctx, request.params.groupId, viewerOf(h)));
    });

    const step = (path: string, summary: string, body: Parameters<typeof Type.Object>[0], run: (h: ReturnType<typeof here>, groupId: string, b: Record<string, unknown>) => Promise<unknown>) => {
      t.post(
        `/achats/groupements/:groupId${path}`,
        { config: { access: 'procurement.manage' }, schema: { tags, summary, params: PG, body: Type.Object(body, { additionalProperties: false }), response: withErrors({ 200: GroupDetailOut, ...Conflict }) } },
        async (request) => {
          const h = here(request);
          h.require('procurement.manage');
          await run(h, request.params.groupId, request.body as Record<string, unknown>);
          return presentDetail(await groupDetail(db, h.ctx, request.params.groupId, viewerOf(h)));
        },
      );
    };
    step('/membres', 'Ajoute un membre (avant le lancement de la procédure)', { collectivityId: Uuid }, (h, id, b) => procurement.addMember(db, h.ctx, id, b.collectivityId as string));
    step(
      '/approbations',
      "Enregistre la délibération d'un membre qui approuve la convention constitutive",
      { memberId: Uuid, approvalBody: Type.String({ maxLength: 200 }), approvalDate: Type.String({ format: 'date' }), approvalReference: Type.String({ maxLength: 200 }), deliberationId: Type.Optional(Type.Union([Uuid, Type.Null()])) },
      (h, id, b) => procurement.recordApproval(db, h.ctx, id, b.memberId as string, b as unknown as procurement.Approval),
    );
    step('/signature', 'Signature de la convention constitutive : le groupement est constitué', { agreementSignedOn: Type.String({ format: 'date' }) }, (h, id, b) => procurement.signAgreement(db, h.ctx, id, b.agreementSignedOn as string));
    step('/lancement', 'Lancement de la procédure : le recensement des besoins est clos', { launchedOn: Type.String({ format: 'date' }) }, (h, id, b) => procurement.launchProcedure(db, h.ctx, id, b.launchedOn as string));
    step('/cloture', 'Clôture du groupement', { closedOn: Type.String({ format: 'date' }) }, (h, id, b) => procurement.closeGroup(db, h.ctx, id, b.closedOn as string));

    t.post(
      '/achats/groupements/:groupId/lots',
      { config: { access: 'procurement.manage' }, schema: { tags, summary: 'Ajoute un lot (avant le lancement)', params: PG, body: Type.Object({ title: Type.String({ maxLength: 300 }), unit: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])) }, { additionalProperties: false }), response: withErrors({ 201: LotOut, ...Conflict }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('procurement.manage');
        const lot = await procurement.addLot(db, h.ctx, request.params.groupId, request.body);
        return reply.status(201).send({ id: lot.id, number: lot.number, title: lot.title, unit: lot.unit });
      },
    );

    t.post(
      '/achats/groupements/:groupId/besoins/:insee',
      {
        config: { access: 'procurement.declareNeeds' },
        // Another commune's needs are refused before the body is validated: a forbidden caller learns nothing from it.
        preValidation: communeGate(db),
        schema: {
          tags,
          summary: "Déclare les besoins d'une commune membre, lot par lot (une ligne vide retire le besoin) ; refusé après le lancement",
          params: Type.Object({ siren: SirenParam, groupId: Uuid, insee: InseeParam }),
          body: NeedsIn,
          response: withErrors({ 200: GroupDetailOut, ...Conflict }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('procurement.read');
        const viewer = viewerOf(h);
        const detail = await groupDetail(db, h.ctx, request.params.groupId, viewer);
        const member = detail.members.find((m) => m.inseeCode === request.params.insee);
        if (!member) throw new NotFoundError("Cette commune n'est pas membre du groupement.");
        h.require('procurement.declareNeeds', { collectivityId: member.collectivityId });
        await procurement.declareNeeds(db, h.ctx, detail.group.id, member.collectivityId, request.body.besoins.map((b) => ({ ...b, estimatedCents: b.estimatedCents as Cents | null })));
        return presentDetail(await groupDetail(db, h.ctx, detail.group.id, viewer));
      },
    );

    t.post(
      '/achats/groupements/:groupId/besoins-organismes/:memberId',
      {
        config: { access: 'procurement.manage' },
        schema: {
          tags,
          summary: "Déclare les besoins d'un membre qui n'est pas une commune (l'EPCI, un organisme extérieur), lot par lot",
          params: Type.Object({ siren: SirenParam, groupId: Uuid, memberId: Uuid }),
          body: NeedsIn,
          response: withErrors({ 200: GroupDetailOut, ...Conflict }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('procurement.manage');
        const detail = await groupDetail(db, h.ctx, request.params.groupId, viewerOf(h));
        const member = detail.members.find((m) => m.id === request.params.memberId && m.inseeCode === null);
        if (!member) throw new NotFoundError("Cet organisme n'est pas membre du groupement.");
        await procurement.declareNeeds(db, h.ctx, detail.group.id, member.collectivityId, request.body.besoins.map((b) => ({ ...b, estimatedCents: b.estimatedCents as Cents | null })));
        return presentDetail(await groupDetail(db, h.ctx, detail.group.id, viewerOf(h)));
      },
    );

    t.get('/achats/marches', { config: { access: 'procurement.read' }, schema: { tags, summary: 'Les marchés (un utilisateur communal : ceux de ses groupements et de sa commune)', params: P, response: withErrors({ 200: Type.Array(Type.Object({ contract: ContractSummaryOut })) }) } }, async (request) => {
      const h = here(request);
      h.require('procurement.read');
      return (await listContracts(db, h.ctx, viewerOf(h))).map((c) => ({ contract: presentSummary(c.contract, c.buyerName) }));
    });

    t.post('/achats/marches', { config: { access: 'procurement.manage' }, schema: { tags, summary: 'Enregistre un marché (issu d’un groupement, d’une direction mutualisée ou propre)', params: P, body: ContractIn, response: withErrors({ 201: ContractOut, ...Conflict }) } }, async (request, reply) => {
      const h = here(request);
      h.require('procurement.manage');
      const b = request.body;
      const created = await contracts.recordContract(db, h.ctx, { ...b, groupId: b.groupId ?? null, lotId: b.lotId ?? null, sharedDirection: b.sharedDirection ?? null, frameworkAgreementId: b.frameworkAgreementId ?? null, advanceRate: b.advanceRate ?? null, dataPublishedOn: b.dataPublishedOn ?? null, originEu: b.originEu ?? null, originFrance: b.originFrance ?? null, amountCents: b.amountCents as Cents } as contracts.ContractDraft);
      return reply.status(201).send(await presentContract(created.id, h));
    });

    const presentContract = async (id: string, h: ReturnType<typeof here>) => {
      const d = await contractDetail(db, h.ctx, id, viewerOf(h));
      const { id: _id, suppliers, modifications, subcontracting: _s, ...fields } = d.contract;
      return {
        contract: {
          ...fields,
          id,
          buyer: d.buyerName,
          suppliers: suppliers.map((s) => ({ ...s })),
          techniques: [...fields.techniques],
          executionMethods: [...fields.executionMethods],
          priceTypes: [...fields.priceTypes],
          socialConsiderations: [...fields.socialConsiderations],
          environmentalConsiderations: [...fields.environmentalConsiderations],
        },
        amountInForceCents: d.amountInForceCents,
        durationInForceMonths: d.durationInForceMonths,
        modifications: modifications.map((m) => ({ seq: m.seq, notifiedOn: m.notifiedOn, publishedOn: m.publishedOn, amountCents: m.amountCents, durationMonths: m.durationMonths, object: m.object })),
        consumption: { totalCents: d.consumption.totalCents, ceilingCents: d.consumption.ceilingCents, beyondCeiling: d.consumption.beyondCeiling, members: d.memberLines.map((l) => ({ ...l })), rows: d.consumptionRows.map((r) => ({ ...r })) },
        publication: d.published,
      };
    };

    t.get('/achats/marches/:contractId', { config: { access: 'procurement.read' }, schema: { tags, summary: 'Un marché : données essentielles, modifications, consommation et plafond', params: PC, response: withErrors({ 200: ContractOut }) } }, async (request) => {
      const h = here(request);
      h.require('procurement.read');
      return presentContract(request.params.contractId, h);
    });

    t.post(
      '/achats/marches/:contractId/modifications',
      {
        config: { access: 'procurement.manage' },
        schema: {
          tags,
          summary: 'Enregistre une modification (nouveau montant et/ou nouvelle durée)',
          params: PC,
          body: Type.Object({ notifiedOn: Type.String({ format: 'date' }), amountCents: Type.Union([Type.Integer({ minimum: 100 }), Type.Null()]), durationMonths: Type.Union([Type.Integer({ minimum: 1, maximum: 1200 }), Type.Null()]), object: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) }, { additionalProperties: false }),
          response: withErrors({ 200: ContractOut }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('procurement.manage');
        const b = request.body;
        await contracts.recordModification(db, h.ctx, request.params.contractId, { ...b, amountCents: b.amountCents as Cents | null }, parisToday());
        return presentContract(request.params.contractId, h);
      },
    );

    t.post(
      '/achats/marches/:contractId/consommations',
      {
        config: { access: 'procurement.recordConsumption' },
        schema: {
          tags,
          summary: "Enregistre ce qu'un membre a commandé ou s'est vu facturer pour une période (remplace le chiffre de la même période)",
          params: PC,
          body: Type.Object({ collectivityId: Uuid, period: Type.String({ pattern: '^\\d{4}(-(0[1-9]|1[0-2]))?$' }), kind: Type.String({ enum: ['ordered', 'invoiced'] }), amountCents: Type.Integer({ minimum: 1 }), reference: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])) }, { additionalProperties: false }),
          response: withErrors({ 200: ContractOut }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('procurement.recordConsumption');
        await contracts.recordConsumption(db, h.ctx, request.params.contractId, { ...request.body, amountCents: request.body.amountCents as Cents });
        return presentContract(request.params.contractId, h);
      },
    );

    t.get(
      '/achats/statistiques/:year',
      { config: { access: 'procurement.statistics' }, schema: { tags, summary: "Les chiffres de l'année, calculés, avec leur règle de compte et les lignes comptées", params: Type.Object({ siren: SirenParam, year: Type.Integer({ minimum: 1990, maximum: 2200 }) }), response: withErrors({ 200: StatisticsOut }) } },
      async (request) => {
        const h = here(request);
        h.require('procurement.statistics');
        // "1e309" passes the integer schema as Infinity: refuse it here rather than fail serializing the answer.
        if (!Number.isSafeInteger(request.params.year)) throw new UserError("L'année doit être un entier entre 1990 et 2200.", 400, 'year');
        return procurementYearStatistics(db, h.ctx, request.params.year);
      },
    );

    t.get(
      '/achats/decp',
      {
        config: { access: 'procurement.export' },
        schema: { tags, summary: "Données essentielles (DECP 2.0.3) des marchés notifiés dans l'année, que chaque acheteur doit publier", params: P, querystring: Type.Object({ annee: Type.Integer({ minimum: 1990, maximum: 2200 }), acheteur: Type.Optional(Type.String({ pattern: '^\\d{14}$' })) }), response: withErrors({ 200: Type.Object({ marches: Type.Object({ marche: Type.Array(Type.Record(Type.String(), Type.Unknown())) }) }) }) },
      },
      async (request) => {
        const h = here(request);
        h.require('procurement.export');
        return (await exportDecp(db, h.ctx, { year: request.query.annee, buyerSiret: request.query.acheteur ?? null, today: parisToday() })).document;
      },
    );

    t.post(
      '/achats/decp',
      {
        config: { access: 'procurement.manage' },
        schema: {
          tags,
          summary: 'Importe un fichier DECP 2.0.3 (le corps de la requête) : tout ou rien, chaque erreur avec sa ligne, son marché et son champ',
          params: P,
          body: Type.Object({}, { additionalProperties: true, description: 'un document DECP 2.0.3 : { "marches": { "marche": [ … ] } }' }),
          response: withErrors({ 201: Type.Object({ created: Type.Integer(), linked: Type.Integer(), notices: Type.Array(Type.String()) }), 422: Type.Object({ error: Type.String(), field: Type.Optional(Type.String()), problems: Type.Array(Type.String()) }) }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('procurement.manage');
        const text = (request as unknown as { rawText?: string }).rawText ?? JSON.stringify(request.body);
        try {
          const result = await importDecp(db, h.ctx, text, 'DECP (API)');
          return reply.status(201).send({ created: result.created, linked: result.linked, notices: result.notices.map(describeDecpProblem) });
        } catch (error) {
          if (error instanceof DecpImportError) return reply.status(422).send({ error: error.message, field: error.field, problems: error.problems.map(describeDecpProblem) });
          throw error;
        }
      },
    );
  });
}
