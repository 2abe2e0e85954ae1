import type { Database } from '../platform/db/database.ts';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { recordAudit, type Actor, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { findTerritoryBySiren, insertTerritory, type TerritoryRef } from '../platform/tenants.ts';
import { filterCommunes, inForce, sortCommunes, type Collectivity, type CommuneSort, type MemberCommune } from './model.ts';
import { OFFICIAL_EDITION_DATE, OFFICIAL_POPULATION_YEAR, OFFICIAL_SOURCE, officialCommune, type OfficialEpci } from './official-data.ts';
import * as store from './store.ts';

export type Progress = (done: number, total: number) => void;

/**
 * Creates a territory for an EPCI of the official data: the EPCI, its member communes, their
 * membership and populations (municipale and totale), all in one transaction and in the audit log.
 */
export async function createTerritoryFromOfficialData(db: Database, actor: Actor, epci: OfficialEpci, progress?: Progress): Promise<TerritoryRef> {
  const existing = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, epci.code));
  if (existing) throw new UserError(`Le territoire de ${epci.nom} (SIREN ${epci.code}) existe déjà.`, 409, 'epci');
  const territory: TerritoryRef = { id: newId(), name: epci.nom, siren: epci.code };
  const territoryId = territory.id;
  return db.transaction({ territoryId, personId: actor.personId }, async (tx) => {
    await insertTerritory(tx, territory);
    const epciRow: Collectivity = {
      id: newId(),
      territoryId,
      kind: 'epci',
      name: epci.nom,
      siren: epci.code,
      siret: null,
      inseeCode: null,
      departmentCode: null,
      postalCode: null,
    };
    const communes: Collectivity[] = epci.membres.map((m) => {
      const official = officialCommune(m.code);
      return {
        id: newId(),
        territoryId,
        kind: 'commune',
        name: m.nom,
        siren: m.siren,
        siret: null,
        inseeCode: m.code,
        departmentCode: official?.departement ?? null,
        postalCode: official?.codesPostaux?.[0] ?? null,
      };
    });
    const departments = [...new Set(communes.map((c) => c.departmentCode).filter((d): d is string => d !== null))];
    if (departments.length === 1) Object.assign(epciRow, { departmentCode: departments[0] });
    await store.insertCollectivities(tx, [epciRow, ...communes]);
    const nature = { territoryId, id: newId(), epciId: epciRow.id, nature: epci.type, fundingMode: epci.modeFinancement, validFrom: OFFICIAL_EDITION_DATE, validTo: null };
    await store.insertNature(tx, nature);
    const memberships = communes.map((c) => ({ territoryId, id: newId(), epciId: epciRow.id, communeId: c.id, validFrom: OFFICIAL_EDITION_DATE, validTo: null }));
    await store.insertMemberships(tx, memberships);
    const populations = epci.membres.flatMap((m, i) => [
      { territoryId, id: newId(), collectivityId: communes[i]!.id, year: OFFICIAL_POPULATION_YEAR, kind: 'municipale', value: m.populationMunicipale, source: OFFICIAL_SOURCE },
      { territoryId, id: newId(), collectivityId: communes[i]!.id, year: OFFICIAL_POPULATION_YEAR, kind: 'totale', value: m.populationTotale, source: OFFICIAL_SOURCE },
    ]);
    await store.insertPopulations(tx, populations);
    const changes: AuditChange[] = [
      { action: 'création', entity: 'territories', entityId: territoryId, before: null, after: territory },
      ...[epciRow, ...communes].map((c) => ({ action: 'création', entity: 'collectivities', entityId: c.id, before: null, after: c })),
      { action: 'création', entity: 'epci_natures', entityId: nature.id, before: null, after: nature },
      ...memberships.map((m) => ({ action: 'création', entity: 'memberships', entityId: m.id, before: null, after: m })),
      ...populations.map((p) => ({ action: 'création', entity: 'populations', entityId: p.id, before: null, after: p })),
    ];
    await recordAudit(tx, territoryId, actor, changes);
    progress?.(communes.length, communes.length);
    return territory;
  });
}

export interface TerritoryOverview {
  readonly epci: Collectivity;
  readonly nature: string | null;
  readonly fundingMode: string | null;
  readonly communeCount: number;
  readonly population: number;
  readonly populationYear: number;
}

export async function territoryOverview(db: Database, ctx: TerritoryContext, on: string): Promise<TerritoryOverview> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const epci = await store.findEpci(tx);
    if (!epci) throw new NotFoundError();
    const natures = await store.listNatures(tx, epci.id);
    const current = inForce(natures, on) ?? natures.at(-1) ?? null;
    const communes = await store.listMemberCommunes(tx, on, 'municipale', yearOf(on));
    return {
      epci,
      nature: current?.nature ?? null,
      fundingMode: current?.fundingMode ?? null,
      communeCount: communes.length,
      population: communes.reduce((a, c) => a + (c.population ?? 0), 0),
      populationYear: Math.min(OFFICIAL_POPULATION_YEAR, yearOf(on)),
    };
  });
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

export interface CommuneListQuery {
  readonly on: string;
  readonly search?: string | undefined;
  readonly sort?: CommuneSort | undefined;
  readonly descending?: boolean | undefined;
}

export async function listCommunes(db: Database, ctx: TerritoryContext, query: CommuneListQuery): Promise<MemberCommune[]> {
  const all = await db.transaction(scopeOf(ctx), (tx) => store.listMemberCommunes(tx, query.on, 'municipale', yearOf(query.on)));
  return sortCommunes(filterCommunes(all, query.search ?? ''), query.sort ?? 'nom', query.descending ?? false);
}

export interface CommuneDetail {
  readonly commune: Collectivity;
  readonly populations: store.PopulationRow[];
  readonly memberships: store.MembershipRow[];
}

export async function communeDetail(db: Database, ctx: TerritoryContext, inseeCode: string): Promise<CommuneDetail> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const commune = await store.findCollectivityByInsee(tx, inseeCode);
    if (!commune || commune.kind !== 'commune') throw new NotFoundError("Cette commune n'appartient pas au territoire.");
    return { commune, populations: await store.listPopulations(tx, commune.id), memberships: await store.listMembershipsOf(tx, commune.id) };
  });
}

export async function communeIds(db: Database, ctx: TerritoryContext): Promise<Set<string>> {
  const all = await db.transaction(scopeOf(ctx), (tx) => store.listCollectivities(tx));
  return new Set(all.filter((c) => c.kind === 'commune').map((c) => c.id));
}

export async function collectivityByInsee(db: Database, ctx: TerritoryContext, inseeCode: string): Promise<Collectivity | null> {
  return db.transaction(scopeOf(ctx), (tx) => store.findCollectivityByInsee(tx, inseeCode));
}
