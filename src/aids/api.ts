import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory, type Here } from '../access/guard.tsx';
import { InseeParam, SirenParam, withErrors } from '../platform/http/schemas.ts';
import { parisToday } from '../platform/clock.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import * as territory from '../territory/service.ts';
import { criteriaOf, presentResult, presentScheme, ResultOut, SchemeBody, SchemeOut, SearchQuery } from './http.ts';
import * as aids from './service.ts';
import type { ProjectView } from './service.ts';

const Uuid = Type.String({ format: 'uuid' });
const Conflict = { 409: Type.Object({ error: Type.String(), field: Type.Optional(Type.String()) }) };
const Opt = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

const ProjectOut = Type.Object({
  id: Uuid,
  title: Type.String(),
  projectType: Type.String(),
  stage: Type.String(),
  spendingKind: Type.String(),
  estimatedCostCents: Type.Integer(),
  description: Type.Union([Type.String(), Type.Null()]),
  obtainedCents: Type.Integer(),
  fundings: Type.Array(
    Type.Object({
      id: Uuid,
      schemeId: Uuid,
      schemeName: Type.String(),
      status: Type.String(),
      requestedCents: Type.Union([Type.Integer(), Type.Null()]),
      obtainedCents: Type.Union([Type.Integer(), Type.Null()]),
      decidedOn: Type.Union([Type.String({ description: 'AAAA, AAAA-MM ou AAAA-MM-JJ' }), Type.Null()]),
      epciDeliberation: Type.Union([Type.Object({ body: Type.String(), date: Type.String(), reference: Type.String() }), Type.Null()]),
      communeDeliberation: Type.Union([Type.Object({ body: Type.String(), date: Type.String(), reference: Type.String() }), Type.Null()]),
    }),
  ),
});

function presentProject(v: ProjectView) {
  const d = (x: { body: string; date: string; reference: string } | null) => (x ? { body: x.body, date: x.date, reference: x.reference } : null);
  return {
    ...v.project,
    obtainedCents: v.obtainedCents,
    fundings: v.fundings.map((f) => ({
      id: f.id,
      schemeId: f.schemeId,
      schemeName: f.scheme.name,
      status: f.status,
      requestedCents: f.requestedCents,
      obtainedCents: f.obtainedCents,
      decidedOn: f.decidedOn?.value ?? null,
      epciDeliberation: d(f.epciDeliberation),
      communeDeliberation: d(f.communeDeliberation),
    })),
  };
}

/** The commune of the address, and the check that the person may act on it (403 before reading any input). */
async function communeOf(request: FastifyRequest, db: ServerDeps['db'], insee: string, action: 'project.read' | 'project.edit'): Promise<{ h: Here; id: string }> {
  const h = here(request);
  const commune = await territory.collectivityByInsee(db, h.ctx, insee);
  if (!commune || commune.kind !== 'commune') throw new NotFoundError("Cette commune n'appartient pas au territoire.");
  h.require(action, { collectivityId: commune.id });
  return { h, id: commune.id };
}

const ownCommune = (h: Here) => h.roles.find((r) => r.role === 'commune')?.collectivityId ?? null;

/** The aids' JSON API: validate → authorize → service → present. */
export function aidsApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  const Params = Type.Object({ siren: SirenParam });
  const Commune = Type.Object({ siren: SirenParam, insee: InseeParam });
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get(
      '/aides',
      {
        config: { access: 'aid.read' },
        schema: {
          tags: ['Aides financières'],
          summary: "Recherche : les aides ouvertes pour une collectivité et un projet, avec la raison de l'éligibilité",
          params: Params,
          querystring: SearchQuery,
          response: withErrors({
            200: Type.Object({
              beneficiary: Type.Object({ id: Uuid, name: Type.String(), population: Type.Union([Type.Integer(), Type.Null()]), densityLevel: Type.Union([Type.Integer(), Type.Null()]), fiscalPotentialCents: Type.Union([Type.Integer(), Type.Null()]) }),
              counts: Type.Object({ eligible: Type.Integer(), unknown: Type.Integer(), ineligible: Type.Integer() }),
              results: Type.Array(ResultOut),
              ineligible: Type.Array(ResultOut),
            }),
          }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('aid.read');
        const beneficiaryId = request.query.pour ?? (await aids.defaultBeneficiaryId(db, h.ctx, ownCommune(h)));
        const a = await aids.searchAids(db, h.ctx, criteriaOf(request.query, beneficiaryId), parisToday(), request.query.plus === '1');
        const b = a.beneficiary;
        return {
          beneficiary: { id: b.collectivityId, name: b.name, population: b.population, densityLevel: b.densityLevel, fiscalPotentialCents: b.fiscalPotentialCents },
          counts: a.counts,
          results: a.results.map(presentResult),
          ineligible: a.ineligible.map(presentResult),
        };
      },
    );

    t.get(
      '/aides/export',
      { config: { access: 'aid.read' }, schema: { tags: ['Aides financières'], summary: 'Les aides publiées et échues, au format JSON d’Aides-territoires', params: Params, response: withErrors({ 200: Type.Object({ count: Type.Integer(), results: Type.Array(Type.Object({}, { additionalProperties: true })) }) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('aid.read');
        const bytes = await aids.exportSchemes(db, h.ctx, 'json', h.base, parisToday());
        return reply.send(JSON.parse(new TextDecoder().decode(bytes)) as { count: number; results: Record<string, unknown>[] });
      },
    );

    t.post(
      '/aides/import',
      {
        config: { access: 'aid.manage' },
        schema: {
          tags: ['Aides financières'],
          summary: "Importe des aides au format JSON d'Aides-territoires (liste, ou objet dont « results » est la liste), tout ou rien",
          params: Params,
          body: Type.Union([Type.Array(Type.Unknown(), { maxItems: 20_000 }), Type.Object({ results: Type.Array(Type.Unknown(), { maxItems: 20_000 }) }, { additionalProperties: true })]),
          response: withErrors({ 200: Type.Object({ created: Type.Integer(), updated: Type.Integer(), expired: Type.Integer() }), 422: Type.Object({ error: Type.String(), field: Type.Optional(Type.String()) }) }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('aid.manage');
        return aids.importSchemes(db, h.ctx, new TextEncoder().encode(JSON.stringify(request.body)), parisToday());
      },
    );

    t.get(
      '/aides/:schemeId',
      { config: { access: 'aid.read' }, schema: { tags: ['Aides financières'], summary: 'Une aide', params: Type.Object({ siren: SirenParam, schemeId: Uuid }), response: withErrors({ 200: SchemeOut }) } },
      async (request) => {
        const h = here(request);
        h.require('aid.read');
        return presentScheme(await aids.schemeDetail(db, h.ctx, request.params.schemeId, h.can('aid.manage')));
      },
    );

    t.post(
      '/aides',
      { config: { access: 'aid.manage' }, schema: { tags: ['Aides financières'], summary: 'Crée une aide (critères d’éligibilité en texte, un cas par ligne)', params: Params, body: SchemeBody, response: withErrors({ 201: SchemeOut, ...Conflict }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('aid.manage');
        return reply.status(201).send(presentScheme(await aids.createScheme(db, h.ctx, request.body, parisToday())));
      },
    );

    t.put(
      '/aides/:schemeId',
      { config: { access: 'aid.manage' }, schema: { tags: ['Aides financières'], summary: 'Modifie une aide', params: Type.Object({ siren: SirenParam, schemeId: Uuid }), body: SchemeBody, response: withErrors({ 200: SchemeOut, ...Conflict }) } },
      async (request) => {
        const h = here(request);
        h.require('aid.manage');
        return presentScheme(await aids.updateScheme(db, h.ctx, request.params.schemeId, request.body, parisToday()));
      },
    );

    t.get(
      '/communes/:insee/projets',
      { config: { access: 'project.read' }, schema: { tags: ['Projets'], summary: "Les projets d'une commune et les aides qu'ils ciblent", params: Commune, response: withErrors({ 200: Type.Array(ProjectOut) }) } },
      async (request) => {
        const { h, id } = await communeOf(request, db, request.params.insee, 'project.read');
        return (await aids.projectsOf(db, h.ctx, id)).map(presentProject);
      },
    );

    t.post(
      '/communes/:insee/projets',
      {
        config: { access: 'project.edit' },
        schema: {
          tags: ['Projets'],
          summary: "Enregistre un projet de la commune (coût estimé en euros, texte français)",
          params: Commune,
          body: Type.Object({ title: Opt(300), projectType: Opt(40), stage: Opt(40), spendingKind: Opt(40), estimatedCost: Opt(30), description: Opt(6000) }, { additionalProperties: false }),
          response: withErrors({ 201: Type.Object({ id: Uuid }) }),
        },
      },
      async (request, reply) => {
        const { h, id } = await communeOf(request, db, request.params.insee, 'project.edit');
        const b = request.body;
        const project = await aids.createProject(db, h.ctx, id, { title: b.title ?? undefined, projectType: b.projectType ?? undefined, stage: b.stage ?? undefined, spendingKind: b.spendingKind ?? undefined, estimatedCost: b.estimatedCost ?? undefined, description: b.description ?? null });
        return reply.status(201).send({ id: project.id });
      },
    );

    t.get(
      '/communes/:insee/projets/:projectId',
      { config: { access: 'project.read' }, schema: { tags: ['Projets'], summary: 'Un projet et ses aides', params: Type.Object({ siren: SirenParam, insee: InseeParam, projectId: Uuid }), response: withErrors({ 200: ProjectOut }) } },
      async (request) => {
        const { h, id } = await communeOf(request, db, request.params.insee, 'project.read');
        return presentProject(await aids.projectDetail(db, h.ctx, id, request.params.projectId));
      },
    );

    t.post(
      '/communes/:insee/projets/:projectId/aides',
      {
        config: { access: 'project.edit' },
        schema: { tags: ['Projets'], summary: 'Le projet cible une aide (à étudier)', params: Type.Object({ siren: SirenParam, insee: InseeParam, projectId: Uuid }), body: Type.Object({ schemeId: Opt(40) }, { additionalProperties: false }), response: withErrors({ 201: Type.Object({ id: Uuid }), ...Conflict }) },
      },
      async (request, reply) => {
        const { h, id } = await communeOf(request, db, request.params.insee, 'project.edit');
        const funding = await aids.targetScheme(db, h.ctx, id, request.params.projectId, request.body.schemeId ?? '');
        return reply.status(201).send({ id: funding.id });
      },
    );

    t.put(
      '/communes/:insee/projets/:projectId/aides/:fundingId',
      {
        config: { access: 'project.edit' },
        schema: {
          tags: ['Projets'],
          summary: "Où en est la demande : à étudier, déposée, obtenue (montant, date ; pour un fonds de concours, les deux délibérations), refusée",
          params: Type.Object({ siren: SirenParam, insee: InseeParam, projectId: Uuid, fundingId: Uuid }),
          body: Type.Object(
            { status: Opt(20), requested: Opt(30), obtained: Opt(30), decidedOn: Opt(20), note: Opt(3000), epciBody: Opt(300), epciDate: Opt(20), epciReference: Opt(100), communeBody: Opt(300), communeDate: Opt(20), communeReference: Opt(100) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.Object({ id: Uuid, status: Type.String() }) }),
        },
      },
      async (request) => {
        const { h, id } = await communeOf(request, db, request.params.insee, 'project.edit');
        const f = await aids.updateFunding(db, h.ctx, id, request.params.projectId, request.params.fundingId, request.body, h.can('contribution.grant'));
        return { id: f.id, status: f.status };
      },
    );

    t.get(
      '/financements',
      {
        config: { access: 'funding.overview' },
        schema: {
          tags: ['Projets'],
          summary: 'Les aides obtenues par les collectivités du territoire, par année de décision',
          params: Params,
          querystring: Type.Object({ annee: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })) }),
          response: withErrors({
            200: Type.Array(Type.Object({ year: Type.Integer(), decidedOn: Type.String(), amountCents: Type.Integer(), inseeCode: Type.Union([Type.String(), Type.Null()]), collectivityName: Type.String(), projectTitle: Type.String(), schemeName: Type.String(), funders: Type.Array(Type.String()) })),
          }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('funding.overview');
        return (await aids.obtainedAids(db, h.ctx, request.query.annee)).map((r) => ({ year: r.year, decidedOn: r.decidedOn!.value, amountCents: r.amountCents, inseeCode: r.inseeCode, collectivityName: r.collectivityName, projectTitle: r.projectTitle, schemeName: r.schemeName, funders: [...r.funders] }));
      },
    );

    const SavedOut = Type.Object({ id: Uuid, name: Type.String(), criteria: Type.Object({}, { additionalProperties: true }), createdAt: Type.String() });
    t.get('/recherches', { config: { access: 'aid.read' }, schema: { tags: ['Alertes'], summary: 'Mes recherches enregistrées', params: Params, response: withErrors({ 200: Type.Array(SavedOut) }) } }, async (request) => {
      const h = here(request);
      h.require('aid.read');
      return (await aids.mySearches(db, h.ctx)).map((s) => ({ id: s.id, name: s.name, criteria: { ...s.criteria }, createdAt: s.createdAt }));
    });

    t.post(
      '/recherches',
      {
        config: { access: 'aid.read' },
        schema: { tags: ['Alertes'], summary: 'Enregistre une recherche : une alerte signale chaque aide nouvelle ou modifiée qui y répond', params: Params, querystring: SearchQuery, body: Type.Object({ name: Type.String({ maxLength: 200 }) }, { additionalProperties: false }), response: withErrors({ 201: SavedOut, ...Conflict }) },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('aid.read');
        const beneficiaryId = request.query.pour ?? (await aids.defaultBeneficiaryId(db, h.ctx, ownCommune(h)));
        const s = await aids.saveSearch(db, h.ctx, request.body.name, criteriaOf(request.query, beneficiaryId), parisToday());
        return reply.status(201).send({ id: s.id, name: s.name, criteria: { ...s.criteria }, createdAt: s.createdAt });
      },
    );

    t.delete('/recherches/:searchId', { config: { access: 'aid.read' }, schema: { tags: ['Alertes'], summary: 'Supprime une de mes recherches enregistrées', params: Type.Object({ siren: SirenParam, searchId: Uuid }), response: withErrors({ 204: Type.Null() }) } }, async (request, reply) => {
      const h = here(request);
      h.require('aid.read');
      await aids.deleteSearch(db, h.ctx, request.params.searchId);
      return reply.status(204).send(null);
    });

    t.get(
      '/alertes',
      {
        config: { access: 'aid.read' },
        schema: { tags: ['Alertes'], summary: 'Mes alertes : les aides nouvelles ou modifiées qui répondent à mes recherches', params: Params, response: withErrors({ 200: Type.Array(Type.Object({ id: Uuid, schemeId: Uuid, schemeName: Type.String(), savedSearchName: Type.String(), reason: Type.String(), at: Type.String(), read: Type.Boolean() })) }) },
      },
      async (request) => {
        const h = here(request);
        h.require('aid.read');
        return (await aids.myNotifications(db, h.ctx)).map((n) => ({ id: n.id, schemeId: n.schemeId, schemeName: n.schemeName, savedSearchName: n.savedSearchName, reason: n.reason, at: n.createdAt, read: n.readAt !== null }));
      },
    );

    t.post('/alertes/lecture', { config: { access: 'aid.read' }, schema: { tags: ['Alertes'], summary: 'Marque toutes mes alertes comme lues', params: Params, response: withErrors({ 200: Type.Object({ read: Type.Integer() }) }) } }, async (request) => {
      const h = here(request);
      h.require('aid.read');
      return { read: await aids.markAllRead(db, h.ctx) };
    });
  });
}
