import type { Database } from '../platform/db/database.ts';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { recordAudit, type Actor, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { findTerritoryBySiren, insertTerritory, type TerritoryRef } from '../platform/tenants.ts';
import {
  changeNature,
  COLLECTIVITY_KINDS,
  dayBefore,
  filterCommunes,
  inForce,
  sirenValid,
  siretProblem,
  sortCommunes,
  validatePopulationRows,
  type Collectivity,
  type CollectivityKind,
  type CommuneSort,
  type MemberCommune,
} from './model.ts';
import { isCalendarDate } from '../platform/format.ts';
import { CsvError, parseCsv } from '../platform/csv.ts';
import { ImportError } from '../platform/imports.ts';

export { ImportError };
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

export interface NewCollectivity {
  readonly kind: string;
  readonly name: string;
  readonly siren?: string | null | undefined;
  readonly siret?: string | null | undefined;
  readonly postalCode?: string | null | undefined;
}

function checkIdentity(siren: string | null, siret: string | null): void {
  if (siren !== null && !sirenValid(siren)) throw new UserError('Le champ « SIREN » doit comporter 9 chiffres avec une clé de Luhn valide.', 400, 'siren');
  if (siret !== null) {
    const problem = siretProblem(siret, siren);
    if (problem) throw new UserError(`Le champ « SIRET » est invalide : ${problem}`, 400, 'siret');
  }
}

const blank = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.replace(/\s/g, ''));

/** Registers a body that takes part in pooling without being a member commune: CCAS, syndicate, outside EPCI… */
export async function addCollectivity(db: Database, ctx: TerritoryContext, input: NewCollectivity): Promise<Collectivity> {
  if (!(COLLECTIVITY_KINDS as readonly string[]).includes(input.kind) || input.kind === 'epci' || input.kind === 'commune') {
    throw new UserError("Le champ « nature » doit désigner un CCAS, un syndicat, un établissement public, un autre EPCI ou une autre collectivité ; les communes membres viennent des données officielles.", 400, 'kind');
  }
  const name = input.name.trim();
  if (!name || name.length > 200) throw new UserError('Le champ « nom » doit contenir entre 1 et 200 caractères.', 400, 'name');
  const siren = blank(input.siren);
  const siret = blank(input.siret);
  checkIdentity(siren, siret);
  // Outside bodies are invoiced: their seat must be identified (SIRET), which the official data lacks.
  if ((input.kind === 'otherEpci' || input.kind === 'publicEstablishment') && siret === null) {
    throw new UserError("Le champ « SIRET » est obligatoire pour un organisme extérieur au territoire (il n'est pas dans les données officielles).", 400, 'siret');
  }
  const postalCode = blank(input.postalCode);
  if (postalCode !== null && !/^\d{5}$/.test(postalCode)) throw new UserError('Le champ « code postal » doit comporter 5 chiffres.', 400, 'postalCode');
  return db.transaction(scopeOf(ctx), async (tx) => {
    if (siren && (await store.listCollectivities(tx)).some((c) => c.siren === siren)) {
      throw new UserError(`Une collectivité du territoire a déjà le SIREN ${siren}.`, 409, 'siren');
    }
    const created: Collectivity = {
      id: newId(),
      territoryId: ctx.territoryId,
      kind: input.kind as CollectivityKind,
      name,
      siren,
      siret,
      inseeCode: null,
      departmentCode: null,
      postalCode,
    };
    await store.insertCollectivities(tx, [created]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'collectivities', entityId: created.id, before: null, after: created }]);
    return created;
  });
}

/** Records the SIRET of a collectivity's seat (the official data has SIREN only). */
export async function setSiret(db: Database, ctx: TerritoryContext, collectivityId: string, siretInput: string): Promise<Collectivity> {
  const siret = blank(siretInput);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const before = await store.findCollectivity(tx, collectivityId);
    if (!before) throw new NotFoundError("Cette collectivité n'existe pas dans le territoire.");
    checkIdentity(before.siren, siret);
    const after = { ...before, siret };
    await store.updateCollectivity(tx, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'collectivities', entityId: before.id, before, after }]);
    return after;
  });
}

export function listCollectivities(db: Database, ctx: TerritoryContext): Promise<Collectivity[]> {
  return db.transaction(scopeOf(ctx), (tx) => store.listCollectivities(tx));
}

export function listEpciNatures(db: Database, ctx: TerritoryContext): Promise<store.NatureRow[]> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const epci = await store.findEpci(tx);
    return epci ? store.listNatures(tx, epci.id) : [];
  });
}

/** A change of legal nature from a date (e.g. a CA becomes a CU): effective-dated, the old period kept. */
export async function changeEpciNature(db: Database, ctx: TerritoryContext, next: { nature: string; fundingMode: string; validFrom: string }): Promise<store.NatureRow[]> {
  if (!isCalendarDate(next.validFrom)) throw new UserError("Le champ « date d'effet » doit être une date valide (AAAA-MM-JJ).", 400, 'validFrom');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const epci = await store.findEpci(tx);
    if (!epci) throw new NotFoundError();
    const periods = await store.listNatures(tx, epci.id);
    const result = changeNature(periods, next);
    if (typeof result === 'string') throw new UserError(result, 400, 'validFrom');
    const open = periods.find((p) => p.validTo === null);
    if (open) await store.closeNature(tx, epci.id, result.find((p) => p.validFrom === open.validFrom)!.validTo!);
    const row = { territoryId: ctx.territoryId, id: newId(), epciId: epci.id, ...next, validTo: null };
    await store.insertNature(tx, row);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [
      ...(open ? [{ action: 'modification', entity: 'epci_natures', entityId: epci.id, before: open, after: { ...open, validTo: dayBefore(next.validFrom) } }] : []),
      { action: 'création', entity: 'epci_natures', entityId: row.id, before: null, after: row },
    ]);
    return store.listNatures(tx, epci.id);
  });
}

export interface PopulationImportResult {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** Imports populations by year and kind from CSV (code_insee; annee; type; population): all or nothing. */
export async function importPopulations(db: Database, ctx: TerritoryContext, csvText: string, source: string): Promise<PopulationImportResult> {
  let table;
  try {
    table = parseCsv(csvText);
  } catch (error) {
    if (error instanceof CsvError) throw new ImportError([{ line: error.line ?? 1, column: '', message: error.message }]);
    throw error;
  }
  return db.transaction(scopeOf(ctx), async (tx) => {
    const collectivitiesByInsee = new Map((await store.listCollectivities(tx)).filter((c) => c.inseeCode).map((c) => [c.inseeCode!, c]));
    const { rows, problems } = validatePopulationRows(table.records, table.columns, new Set(collectivitiesByInsee.keys()));
    if (problems.length > 0) throw new ImportError(problems);
    const existing = new Map((await store.listAllPopulations(tx)).map((p) => [`${p.collectivityId}|${p.year}|${p.kind}`, p]));
    const inserts = [];
    const changes: AuditChange[] = [];
    let updated = 0;
    let unchanged = 0;
    for (const row of rows) {
      const collectivityId = collectivitiesByInsee.get(row.inseeCode)!.id;
      const before = existing.get(`${collectivityId}|${row.year}|${row.kind}`);
      if (before && before.value === row.value) {
        unchanged++;
      } else if (before) {
        await store.updatePopulation(tx, before.id, row.value, source);
        changes.push({ action: 'modification', entity: 'populations', entityId: before.id, before, after: { ...before, value: row.value, source } });
        updated++;
      } else {
        const created = { territoryId: ctx.territoryId, id: newId(), collectivityId, year: row.year, kind: row.kind, value: row.value, source };
        inserts.push(created);
        changes.push({ action: 'création', entity: 'populations', entityId: created.id, before: null, after: created });
      }
    }
    await store.insertPopulations(tx, inserts);
    await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
    return { created: inserts.length, updated, unchanged };
  });
}
