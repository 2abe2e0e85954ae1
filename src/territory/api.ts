import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory } from '../access/guard.tsx';
import { InseeParam, SirenParam, withErrors } from '../platform/http/schemas.ts';
import { parisToday } from '../platform/clock.ts';
import { COLLECTIVITY_KINDS, COMMUNE_SORTS, type Collectivity, type MemberCommune } from './model.ts';
import * as territory from './service.ts';
import * as access from '../access/service.ts';

const Overview = Type.Object({
  siren: Type.String(),
  name: Type.String(),
  nature: Type.Union([Type.String({ description: 'METRO, CU, CA, CC' }), Type.Null()]),
  fundingMode: Type.Union([Type.String({ description: 'FPU ou FA' }), Type.Null()]),
  communeCount: Type.Integer(),
  population: Type.Integer({ description: 'population municipale des communes membres' }),
  populationYear: Type.Integer(),
});

const Commune = Type.Object({
  inseeCode: Type.String(),
  name: Type.String(),
  siren: Type.Union([Type.String(), Type.Null()]),
  postalCode: Type.Union([Type.String(), Type.Null()]),
  population: Type.Union([Type.Integer(), Type.Null()]),
});

const CollectivityOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String({ enum: [...COLLECTIVITY_KINDS] }),
  name: Type.String(),
  siren: Type.Union([Type.String(), Type.Null()]),
  siret: Type.Union([Type.String(), Type.Null()]),
  inseeCode: Type.Union([Type.String(), Type.Null()]),
  postalCode: Type.Union([Type.String(), Type.Null()]),
});

const presentCommune = (c: MemberCommune) => ({ inseeCode: c.inseeCode!, name: c.name, siren: c.siren, postalCode: c.postalCode, population: c.population });
const presentCollectivity = (c: Collectivity) => ({ id: c.id, kind: c.kind, name: c.name, siren: c.siren, siret: c.siret, inseeCode: c.inseeCode, postalCode: c.postalCode });

/** The territory's JSON API: validate → authorize → service → present. */
export function territoryApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get(
      '',
      { config: { access: 'territory.read' }, schema: { tags: ['Territoire'], summary: 'Le territoire : nature, communes, population', params: Type.Object({ siren: SirenParam }), response: withErrors({ 200: Overview }) } },
      async (request) => {
        const h = here(request);
        h.require('territory.read');
        const o = await territory.territoryOverview(db, h.ctx, parisToday());
        return { siren: h.territory.siren, name: o.epci.name, nature: o.nature, fundingMode: o.fundingMode, communeCount: o.communeCount, population: o.population, populationYear: o.populationYear };
      },
    );

    t.get(
      '/communes',
      {
        config: { access: 'collectivity.read' },
        schema: {
          tags: ['Territoire'],
          summary: 'Les communes membres, avec recherche et tri',
          params: Type.Object({ siren: SirenParam }),
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 100, description: 'nom (sans accents), code INSEE ou postal' })),
            tri: Type.Optional(Type.Union(COMMUNE_SORTS.map((s) => Type.Literal(s)))),
            ordre: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
          }),
          response: withErrors({ 200: Type.Array(Commune) }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('collectivity.read');
        const list = await territory.listCommunes(db, h.ctx, { on: parisToday(), search: request.query.q, sort: request.query.tri, descending: request.query.ordre === 'desc' });
        return list.map(presentCommune);
      },
    );

    t.get(
      '/communes/:insee',
      {
        config: { access: 'collectivity.read' },
        schema: {
          tags: ['Territoire'],
          summary: 'Une commune membre : populations, adhésion et, si votre rôle le permet, ses contacts',
          params: Type.Object({ siren: SirenParam, insee: InseeParam }),
          response: withErrors({
            200: Type.Object({
              commune: CollectivityOut,
              populations: Type.Array(Type.Object({ year: Type.Integer(), kind: Type.String(), value: Type.Integer(), source: Type.String() })),
              memberships: Type.Array(Type.Object({ validFrom: Type.String({ format: 'date' }), validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]) })),
              contacts: Type.Optional(
                Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), email: Type.String(), displayName: Type.String(), disabled: Type.Boolean() }), {
                  description: 'personnes qui agissent pour la commune : présent seulement pour la mission mutualisation, les finances et les utilisateurs de la commune',
                }),
              ),
            }),
          }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('collectivity.read');
        const detail = await territory.communeDetail(db, h.ctx, request.params.insee);
        // Restricted fields are left out, not refused: the rest of the commune is public to the territory.
        const contacts = h.can('collectivity.readRestricted', { collectivityId: detail.commune.id }) ? await access.communeUsers(db, h.ctx, detail.commune.id) : null;
        return {
          commune: presentCollectivity(detail.commune),
          populations: detail.populations,
          memberships: detail.memberships,
          ...(contacts ? { contacts: contacts.map((p) => ({ id: p.id, email: p.email, displayName: p.displayName, disabled: p.disabled })) } : {}),
        };
      },
    );

    t.get(
      '/collectivites',
      {
        config: { access: 'collectivity.read' },
        schema: { tags: ['Territoire'], summary: 'Toutes les collectivités du territoire (EPCI, communes, CCAS, syndicats…)', params: Type.Object({ siren: SirenParam }), response: withErrors({ 200: Type.Array(CollectivityOut) }) },
      },
      async (request) => {
        const h = here(request);
        h.require('collectivity.read');
        return (await territory.listCollectivities(db, h.ctx)).map(presentCollectivity);
      },
    );

    t.post(
      '/collectivites',
      {
        config: { access: 'collectivity.edit' },
        schema: {
          tags: ['Territoire'],
          summary: 'Ajoute un organisme qui participe à la mutualisation (CCAS, syndicat, autre EPCI…)',
          params: Type.Object({ siren: SirenParam }),
          body: Type.Object(
            {
              kind: Type.String({ enum: COLLECTIVITY_KINDS.filter((k) => k !== 'epci' && k !== 'commune') }),
              name: Type.String({ minLength: 1, maxLength: 200 }),
              siren: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
              siret: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
              postalCode: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: CollectivityOut, 409: Type.Object({ error: Type.String(), field: Type.Optional(Type.String()) }) }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('collectivity.edit');
        const created = await territory.addCollectivity(db, h.ctx, request.body);
        return reply.status(201).send(presentCollectivity(created));
      },
    );
  });
}
