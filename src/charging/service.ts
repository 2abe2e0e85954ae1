import type { Database } from '../platform/db/database.ts';
import { recordAudit } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { ImportError, readTable } from '../platform/imports.ts';
import { parsePercent } from '../agreements/charging-scheme.ts';
import * as territory from '../territory/service.ts';
import { ACCOUNT_KEYS, DEFAULT_ACCOUNTS, SUPPORT_METHODS, type AccountKey, type CostPhase, type SupportMethod } from './model.ts';
import { costLinesFromTable, driversFromTable, parseDriverValue, type CostLineDraft, type Lookup } from './inputs.ts';
import * as sources from './sources.ts';
import * as store from './store.ts';

export * from './run-service.ts';

/** Codes a file may name a collectivity by: INSEE code of a commune, SIREN of any. */
export async function collectivityLookup(db: Database, ctx: TerritoryContext): Promise<Map<string, string>> {
  const all = await territory.listCollectivities(db, ctx);
  const map = new Map<string, string>();
  for (const c of all) {
    if (c.siren) map.set(c.siren, c.id);
    if (c.inseeCode) map.set(c.inseeCode, c.id);
  }
  return map;
}

async function lookup(db: Database, ctx: TerritoryContext): Promise<Lookup> {
  const services = await sources.serviceNames(db, ctx);
  const centres = await db.transaction(scopeOf(ctx), (tx) => store.listCentres(tx, ctx.territoryId));
  return { services: new Map(services.map((s) => [s.reference, s.id])), centres: new Map(centres.map((c) => [c.code, c.id])), collectivities: await collectivityLookup(db, ctx) };
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UserError("L'année doit être comprise entre 2000 et 2100.", 400, 'year');
}

// ---------- year settings ----------
export async function yearSettings(db: Database, ctx: TerritoryContext, year: number): Promise<store.YearSettings> {
  checkYear(year);
  const found = await db.transaction(scopeOf(ctx), (tx) => store.findYear(tx, ctx.territoryId, year));
  return found ?? { id: '', year, supportMethod: 'reciprocal', accounts: { ...DEFAULT_ACCOUNTS } };
}

/** The year's support method and M57 account mapping (each account: 2 to 10 digits). */
export async function setYearSettings(db: Database, ctx: TerritoryContext, year: number, input: { supportMethod: string; accounts: Partial<Record<AccountKey, string>> }): Promise<store.YearSettings> {
  checkYear(year);
  if (!SUPPORT_METHODS.includes(input.supportMethod as SupportMethod)) throw new UserError('Méthode de répartition des fonctions support inconnue.', 400, 'supportMethod');
  const accounts = { ...DEFAULT_ACCOUNTS };
  for (const key of ACCOUNT_KEYS) {
    const value = (input.accounts[key] ?? DEFAULT_ACCOUNTS[key]).trim();
    if (!/^\d{2,10}$/.test(value)) throw new UserError(`Compte M57 « ${value} » invalide pour « ${key} » (2 à 10 chiffres).`, 400, `accounts.${key}`);
    accounts[key] = value;
  }
  return db.transaction(scopeOf(ctx), async (tx) => {
    const before = await store.findYear(tx, ctx.territoryId, year);
    const after: store.YearSettings = { id: before?.id ?? newId(), year, supportMethod: input.supportMethod as SupportMethod, accounts };
    await store.saveYear(tx, ctx.territoryId, after, before !== null);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: before ? 'modification' : 'création', entity: 'charging_years', entityId: after.id, before, after }]);
    return after;
  });
}

// ---------- cost lines ----------
export async function listCostLines(db: Database, ctx: TerritoryContext, year: number, phase: CostPhase): Promise<store.CostLineRow[]> {
  checkYear(year);
  return db.transaction(scopeOf(ctx), (tx) => store.listCostLines(tx, ctx.territoryId, year, phase));
}

async function insertCostDrafts(db: Database, ctx: TerritoryContext, year: number, phase: CostPhase, drafts: readonly CostLineDraft[], action: string): Promise<store.CostLineRow[]> {
  const rows: store.CostLineRow[] = drafts.map((d) => ({
    id: newId(),
    year,
    phase,
    serviceId: d.target.kind === 'service' ? d.target.id : null,
    centreId: d.target.kind === 'centre' ? d.target.id : null,
    category: d.category,
    label: d.label,
    amountCents: d.amountCents,
    sourceReference: d.sourceReference,
    attributedTo: d.attributedTo,
  }));
  await db.transaction(scopeOf(ctx), async (tx) => {
    await store.insertCostLines(tx, ctx.territoryId, rows);
    await recordAudit(tx, ctx.territoryId, ctx.actor, rows.map((r) => ({ action, entity: 'cost_lines', entityId: r.id, before: null, after: r })));
  });
  return rows;
}

/** Imports the finance staff's cost lines (CSV or XLSX), all or nothing, each problem located by line and column. */
export async function importCostLines(db: Database, ctx: TerritoryContext, year: number, phase: CostPhase, bytes: Uint8Array): Promise<store.CostLineRow[]> {
  checkYear(year);
  if (phase !== 'budget' && phase !== 'actual') throw new UserError('Nature des coûts inconnue (budget ou réalisé).', 400, 'phase');
  const table = await readTable(bytes);
  const { lines, problems } = costLinesFromTable(table, await lookup(db, ctx));
  if (problems.length > 0) throw new ImportError(problems);
  return insertCostDrafts(db, ctx, year, phase, lines, 'import');
}

/** One cost line typed in a form: the same validation as one line of an import (fields named as columns). */
export async function addCostLine(db: Database, ctx: TerritoryContext, year: number, phase: CostPhase, values: Record<string, string>): Promise<store.CostLineRow> {
  checkYear(year);
  if (phase !== 'budget' && phase !== 'actual') throw new UserError('Nature des coûts inconnue (budget ou réalisé).', 400, 'phase');
  const table = { columns: ['service', 'fonction_support', 'categorie', 'libelle', 'montant', 'reference', 'attribue_a'], records: [{ line: 1, values }] };
  const { lines, problems } = costLinesFromTable(table, await lookup(db, ctx));
  if (problems.length > 0) throw new UserError(problems[0]!.message, 400, problems[0]!.column);
  return (await insertCostDrafts(db, ctx, year, phase, lines, 'création'))[0]!;
}

export async function deleteCostLine(db: Database, ctx: TerritoryContext, id: string): Promise<void> {
  await db.transaction(scopeOf(ctx), async (tx) => {
    const before = await store.findCostLine(tx, ctx.territoryId, id);
    if (!before) throw new NotFoundError("Cette ligne de coût n'existe pas dans le territoire.");
    await store.deleteCostLine(tx, ctx.territoryId, id);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'suppression', entity: 'cost_lines', entityId: id, before, after: null }]);
  });
}

// ---------- drivers ----------
export interface DriverTable {
  readonly year: number;
  readonly values: readonly store.DriverRow[];
  /** Population municipale from the territory's data, used when no population value was entered. */
  readonly populations: ReadonlyMap<string, number>;
}

export async function listDrivers(db: Database, ctx: TerritoryContext, year: number): Promise<DriverTable> {
  checkYear(year);
  const values = await db.transaction(scopeOf(ctx), (tx) => store.listDrivers(tx, ctx.territoryId, year));
  return { year, values, populations: await sources.populations(db, ctx, year) };
}

/** Sets driver values (form or import): each value named by its line when wrong; nothing written then. */
export async function setDriverValues(db: Database, ctx: TerritoryContext, year: number, values: readonly { collectivityId: string; driver: string; value: string }[], source: string): Promise<number> {
  checkYear(year);
  const known = new Set((await territory.listCollectivities(db, ctx)).map((c) => c.id));
  const rows: store.DriverRow[] = values.map((v, i) => {
    const value = parseDriverValue(v.value);
    if (!known.has(v.collectivityId)) throw new UserError(`Ligne ${i + 1} : collectivité inconnue dans le territoire.`, 400, `values[${i}].collectivityId`);
    if (value === null) throw new UserError(`Ligne ${i + 1} : valeur « ${v.value} » illisible (nombre positif ou nul attendu).`, 400, `values[${i}].value`);
    if (!/^[a-z][A-Za-z0-9]{0,39}$/.test(v.driver)) throw new UserError(`Ligne ${i + 1} : inducteur « ${v.driver} » invalide.`, 400, `values[${i}].driver`);
    return { id: newId(), collectivityId: v.collectivityId, year, driver: v.driver, value, source };
  });
  await db.transaction(scopeOf(ctx), async (tx) => {
    const before = await store.listDrivers(tx, ctx.territoryId, year);
    await store.upsertDrivers(tx, ctx.territoryId, rows);
    await recordAudit(
      tx,
      ctx.territoryId,
      ctx.actor,
      rows.map((r) => {
        const old = before.find((b) => b.collectivityId === r.collectivityId && b.driver === r.driver) ?? null;
        return { action: old ? 'modification' : 'création', entity: 'driver_values', entityId: old?.id ?? r.id, before: old, after: r };
      }),
    );
  });
  return rows.length;
}

export async function importDrivers(db: Database, ctx: TerritoryContext, year: number, bytes: Uint8Array): Promise<number> {
  checkYear(year);
  const { values, problems } = driversFromTable(await readTable(bytes), await collectivityLookup(db, ctx));
  if (problems.length > 0) throw new ImportError(problems);
  return setDriverValues(db, ctx, year, values, 'import');
}

// ---------- units of work ----------
export interface WorkUnitDraft {
  readonly serviceId: string;
  readonly collectivityId: string;
  readonly on: string;
  readonly units: string;
  readonly description: string;
  readonly forecast?: boolean;
}

export async function listWorkUnits(db: Database, ctx: TerritoryContext, year: number): Promise<store.WorkUnitRow[]> {
  checkYear(year);
  return db.transaction(scopeOf(ctx), (tx) => store.listWorkUnits(tx, ctx.territoryId, year, null));
}

/** Records uses of a service in units of work (CGCT D5211-16): a positive number of units, a date, what was done. */
export async function recordWorkUnits(db: Database, ctx: TerritoryContext, drafts: readonly WorkUnitDraft[]): Promise<store.WorkUnitRow[]> {
  const services = new Set((await sources.serviceNames(db, ctx)).map((s) => s.id));
  const known = new Set((await territory.listCollectivities(db, ctx)).map((c) => c.id));
  const rows = drafts.map((d, i): store.WorkUnitRow => {
    const units = parseDriverValue(d.units);
    if (!services.has(d.serviceId)) throw new UserError(`Ligne ${i + 1} : service inconnu dans le territoire.`, 400, `units[${i}].serviceId`);
    if (!known.has(d.collectivityId)) throw new UserError(`Ligne ${i + 1} : collectivité inconnue dans le territoire.`, 400, `units[${i}].collectivityId`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.on)) throw new UserError(`Ligne ${i + 1} : date « ${d.on} » invalide (AAAA-MM-JJ).`, 400, `units[${i}].on`);
    if (units === null || units === '0') throw new UserError(`Ligne ${i + 1} : nombre d’unités « ${d.units} » invalide (nombre positif attendu).`, 400, `units[${i}].units`);
    if (d.description.trim() === '' || d.description.length > 300) throw new UserError(`Ligne ${i + 1} : ce qui a été fait est obligatoire (300 caractères au plus).`, 400, `units[${i}].description`);
    return { id: newId(), serviceId: d.serviceId, collectivityId: d.collectivityId, on: d.on, units, description: d.description.trim(), forecast: d.forecast ?? false };
  });
  await db.transaction(scopeOf(ctx), async (tx) => {
    await store.insertWorkUnits(tx, ctx.territoryId, rows);
    await recordAudit(tx, ctx.territoryId, ctx.actor, rows.map((r) => ({ action: 'création', entity: 'work_units', entityId: r.id, before: null, after: r })));
  });
  return rows;
}

// ---------- support centres ----------
export interface CentreView extends store.CentreRow {
  readonly shares: readonly store.ShareRow[];
}

export async function listCentres(db: Database, ctx: TerritoryContext, year: number): Promise<CentreView[]> {
  checkYear(year);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const shares = await store.listShares(tx, ctx.territoryId, year);
    return (await store.listCentres(tx, ctx.territoryId)).map((c) => ({ ...c, shares: shares.filter((s) => s.centreId === c.id) }));
  });
}

export async function addSupportCentre(db: Database, ctx: TerritoryContext, input: { code: string; name: string; stepOrder: number }): Promise<store.CentreRow> {
  const code = input.code.trim();
  if (!/^[A-Z0-9][A-Z0-9_-]{0,19}$/.test(code)) throw new UserError('Le code de la fonction support : lettres capitales et chiffres, 20 au plus.', 400, 'code');
  if (input.name.trim() === '' || input.name.length > 200) throw new UserError('Le nom de la fonction support est obligatoire.', 400, 'name');
  if (!Number.isInteger(input.stepOrder) || input.stepOrder < 1 || input.stepOrder > 999) throw new UserError('Le rang dans la cascade doit être un entier de 1 à 999.', 400, 'stepOrder');
  return db.transaction(scopeOf(ctx), async (tx) => {
    if ((await store.listCentres(tx, ctx.territoryId)).some((c) => c.code === code)) throw new UserError(`La fonction support « ${code} » existe déjà.`, 409, 'code');
    const row: store.CentreRow = { id: newId(), code, name: input.name.trim(), stepOrder: input.stepOrder };
    await store.insertCentre(tx, ctx.territoryId, row);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'support_centres', entityId: row.id, before: null, after: row }]);
    return row;
  });
}

/** Where a support centre's cost goes for a year: exact percents to centres and services, totalling 100 %. */
export async function setSupportShares(db: Database, ctx: TerritoryContext, centreId: string, year: number, shares: readonly { centreId?: string | null; serviceId?: string | null; percent: string }[]): Promise<void> {
  checkYear(year);
  const services = new Set((await sources.serviceNames(db, ctx)).map((s) => s.id));
  await db.transaction(scopeOf(ctx), async (tx) => {
    const centres = await store.listCentres(tx, ctx.territoryId);
    if (!centres.some((c) => c.id === centreId)) throw new NotFoundError("Cette fonction support n'existe pas dans le territoire.");
    let total = 0n;
    const rows = shares.map((s, i): store.ShareRow => {
      const percent = parsePercent(s.percent);
      if (percent === null || percent > 100_000_000n) throw new UserError(`Part ${i + 1} : « ${s.percent} » invalide (pourcentage entre 0 et 100).`, 400, `shares[${i}].percent`);
      total += percent;
      const toCentre = s.centreId ?? null;
      const toService = s.serviceId ?? null;
      if ((toCentre === null) === (toService === null)) throw new UserError(`Part ${i + 1} : indiquez une fonction support ou un service destinataire.`, 400, `shares[${i}]`);
      if (toCentre !== null && (toCentre === centreId || !centres.some((c) => c.id === toCentre))) throw new UserError(`Part ${i + 1} : fonction support destinataire invalide.`, 400, `shares[${i}].centreId`);
      if (toService !== null && !services.has(toService)) throw new UserError(`Part ${i + 1} : service destinataire inconnu.`, 400, `shares[${i}].serviceId`);
      return { id: newId(), centreId, year, recipientCentreId: toCentre, recipientServiceId: toService, percent: s.percent.replace(',', '.') };
    });
    if (total !== 100_000_000n) throw new UserError(`Les parts totalisent ${Number(total) / 1e6} % au lieu de 100 %.`.replace('.', ','), 400, 'shares');
    const before = (await store.listShares(tx, ctx.territoryId, year)).filter((s) => s.centreId === centreId);
    await store.replaceShares(tx, ctx.territoryId, centreId, year, rows);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'support_shares', entityId: centreId, before, after: rows }]);
  });
}
