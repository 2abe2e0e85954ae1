import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId, isUuid } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { isCalendarDate } from '../platform/format.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import { statusOfRank, type EligibilityResult } from './eligibility.ts';
import {
  audienceOfKind,
  evaluateScheme,
  isPastDeadline,
  projectTypesOfTheme,
  type FundingScheme,
  type SchemeInput,
  type SearchBeneficiary,
  type SearchCriteria,
} from './model.ts';
import { validateScheme, type RawScheme } from './scheme-input.ts';
import { perimeterNamer, regionOfDepartment } from './places.ts';
import { queryWords } from './search-text.ts';
import * as store from './store.ts';
import { notifyMatches } from './service-alerts.ts';

export * from './service-alerts.ts';
export * from './service-projects.ts';
export * from './service-imports.ts';

/**
 * What the territory's register says about every collectivity, read before a transaction of this module
 * (a module reaches the territory through its service, which opens its own transactions).
 */
export interface TerritoryFacts {
  readonly territoryName: string;
  readonly today: string;
  readonly collectivities: ReadonlyMap<string, Collectivity & { population: number | null }>;
  readonly epciPopulation: number;
}

export async function territoryFacts(db: Database, ctx: TerritoryContext, today: string): Promise<TerritoryFacts> {
  // Two reads of the register, in parallel on PostgreSQL (PGlite queues them).
  const [communes, all] = await Promise.all([territory.listCommunes(db, ctx, { on: today }), territory.listCollectivities(db, ctx)]);
  const epciPopulation = communes.reduce((sum, c) => sum + (c.population ?? 0), 0);
  const map = new Map<string, Collectivity & { population: number | null }>(communes.map((c) => [c.id, c]));
  for (const c of all) if (!map.has(c.id)) map.set(c.id, { ...c, population: c.kind === 'epci' ? epciPopulation : null });
  const epci = all.find((c) => c.kind === 'epci');
  if (!epci) throw new NotFoundError();
  return { territoryName: epci.name, today, collectivities: map, epciPopulation };
}

/** The beneficiary's facts: population from the territory, density level and potentiel financier of the latest year. */
export async function beneficiaryOf(tx: Tx, ctx: TerritoryContext, facts: TerritoryFacts, collectivityId: string): Promise<SearchBeneficiary> {
  const c = facts.collectivities.get(collectivityId);
  if (!c) throw new UserError("Le champ « collectivité » doit désigner une collectivité du territoire.", 400, 'beneficiaryId');
  const year = Number(facts.today.slice(0, 4));
  const { density, fiscal } = c.kind === 'commune' ? await store.latestFacts(tx, ctx.territoryId, c.id, year) : { density: null, fiscal: null };
  const epci = [...facts.collectivities.values()].find((x) => x.kind === 'epci');
  const departmentCode = c.departmentCode ?? epci?.departmentCode ?? null;
  return {
    collectivityId: c.id,
    name: c.name,
    kind: c.kind,
    audience: audienceOfKind(c.kind),
    population: c.population,
    densityLevel: density?.level ?? null,
    densityYear: density?.year ?? null,
    epciPopulation: facts.epciPopulation,
    fiscalPotentialCents: fiscal?.cents ?? null,
    fiscalPotentialYear: fiscal?.year ?? null,
    departmentCode,
    regionCode: regionOfDepartment(departmentCode),
  };
}

export interface SearchResult {
  readonly scheme: FundingScheme;
  readonly eligibility: EligibilityResult;
}

export interface SearchAnswer {
  readonly beneficiary: SearchBeneficiary;
  /** Eligible, then to check (a fact is unknown), best first. */
  readonly results: readonly SearchResult[];
  readonly ineligible: readonly SearchResult[];
  readonly counts: { readonly eligible: number; readonly unknown: number; readonly ineligible: number };
}

/** A page of results: the best 30 eligible or to check, and 10 of the others (more on demand). */
export const SEARCH_LIMIT = 30;
export const SEARCH_LIMIT_MORE = 200;
const INELIGIBLE_LIMIT = 10;

/** Runs a search in a transaction that is already open (alerts run it on the schemes just changed). */
export async function searchIn(tx: Tx, ctx: TerritoryContext, facts: TerritoryFacts, criteria: SearchCriteria, ids?: readonly string[], more = false): Promise<SearchAnswer> {
  const beneficiary = await beneficiaryOf(tx, ctx, facts, criteria.beneficiaryId);
  const hits = await store.searchSchemes(tx, ctx.territoryId, {
    criteria: { ...criteria, themeTypes: criteria.theme ? projectTypesOfTheme(criteria.theme) : null },
    words: queryWords(criteria.text ?? ''),
    facts: beneficiary,
    today: facts.today,
    limit: ids ? ids.length : more ? SEARCH_LIMIT_MORE : SEARCH_LIMIT,
    ineligibleLimit: ids ? ids.length : more ? SEARCH_LIMIT_MORE : INELIGIBLE_LIMIT,
    ...(ids ? { ids } : {}),
  });
  const schemes = new Map((await store.listSchemes(tx, ctx.territoryId, hits.map((h) => h.id))).map((s) => [s.id, s]));
  const counts = { eligible: 0, unknown: 0, ineligible: 0 };
  const results: SearchResult[] = [];
  const ineligible: SearchResult[] = [];
  for (const hit of hits) {
    const scheme = schemes.get(hit.id)!;
    const eligibility = evaluateScheme(scheme, beneficiary);
    // The SQL orders, the model explains: both read the same criteria (a property test holds them together).
    const status = statusOfRank(hit.statusRank);
    counts[status] = hit.inStatus;
    (status === 'ineligible' ? ineligible : results).push({ scheme, eligibility });
  }
  return { beneficiary, results, ineligible, counts };
}

/** The eligible open aids for a collectivity and a project, ranked by relevance, each with why. */
export async function searchAids(db: Database, ctx: TerritoryContext, criteria: SearchCriteria, today: string, more = false): Promise<SearchAnswer> {
  if (!isUuid(criteria.beneficiaryId)) throw new UserError('Le champ « collectivité » doit désigner une collectivité du territoire.', 400, 'beneficiaryId');
  if (criteria.deadlineBefore && !isCalendarDate(criteria.deadlineBefore)) throw new UserError('Le champ « date limite avant le » doit être une date valide (AAAA-MM-JJ).', 400, 'deadlineBefore');
  const facts = await territoryFacts(db, ctx, today);
  return db.transaction(scopeOf(ctx), (tx) => searchIn(tx, ctx, facts, criteria, undefined, more));
}

/** A scheme from raw input, or the French problems of each field (400 naming the first). */
export function checkScheme(raw: RawScheme, territoryName: string): SchemeInput {
  const checked = validateScheme(raw, perimeterNamer(territoryName));
  if (checked.scheme === null) {
    const first = checked.problems[0]!;
    throw new SchemeError(checked.problems, first.message, first.field);
  }
  return checked.scheme;
}

/** A refused scheme: every field's problem, the first as the message. */
export class SchemeError extends UserError {
  constructor(
    readonly problems: readonly { field: string; message: string }[],
    message: string,
    field: string,
  ) {
    super(message, 400, field);
  }
}

export async function listSchemes(db: Database, ctx: TerritoryContext): Promise<FundingScheme[]> {
  return db.transaction(scopeOf(ctx), (tx) => store.listSchemes(tx, ctx.territoryId));
}

/** A scheme; a draft is shown only to those who may manage schemes. */
export async function schemeDetail(db: Database, ctx: TerritoryContext, id: string, canManage: boolean): Promise<FundingScheme> {
  if (!isUuid(id)) throw new NotFoundError("Cette aide n'existe pas dans le territoire.");
  const scheme = await db.transaction(scopeOf(ctx), (tx) => store.findScheme(tx, ctx.territoryId, id));
  if (!scheme || (scheme.status === 'draft' && !canManage)) throw new NotFoundError("Cette aide n'existe pas dans le territoire.");
  return scheme;
}

/** The eligibility of one scheme for one collectivity (the aid page's "et pour ma commune ?"). */
export async function schemeEligibility(db: Database, ctx: TerritoryContext, scheme: FundingScheme, collectivityId: string, today: string): Promise<{ beneficiary: SearchBeneficiary; result: EligibilityResult }> {
  const facts = await territoryFacts(db, ctx, today);
  const beneficiary = await db.transaction(scopeOf(ctx), (tx) => beneficiaryOf(tx, ctx, facts, collectivityId));
  return { beneficiary, result: evaluateScheme(scheme, beneficiary) };
}

/** Creates a scheme; a published one alerts the saved searches it matches. */
export async function createScheme(db: Database, ctx: TerritoryContext, raw: RawScheme, today: string): Promise<FundingScheme> {
  const facts = await territoryFacts(db, ctx, today);
  const input = checkScheme(raw, facts.territoryName);
  return db.transaction(scopeOf(ctx), async (tx) => {
    await refuseDuplicate(tx, ctx, input, null);
    const scheme: FundingScheme = { ...input, id: newId(), territoryId: ctx.territoryId };
    await store.insertSchemes(tx, [scheme]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'funding_schemes', entityId: scheme.id, before: null, after: scheme }]);
    await notifyMatches(tx, ctx, facts, [scheme.id], 'new');
    return scheme;
  });
}

/** Changes a scheme; the saved searches it (still) matches are told it changed. */
export async function updateScheme(db: Database, ctx: TerritoryContext, id: string, raw: RawScheme, today: string): Promise<FundingScheme> {
  const facts = await territoryFacts(db, ctx, today);
  const input = checkScheme(raw, facts.territoryName);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const before = isUuid(id) ? await store.findScheme(tx, ctx.territoryId, id) : null;
    if (!before) throw new NotFoundError("Cette aide n'existe pas dans le territoire.");
    await refuseDuplicate(tx, ctx, input, id);
    const after: FundingScheme = { ...input, id, territoryId: ctx.territoryId };
    const { updatedAt: _u, ...beforeData } = before;
    await store.updateScheme(tx, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'funding_schemes', entityId: id, before: beforeData, after }]);
    await notifyMatches(tx, ctx, facts, [id], before.status === 'published' ? 'changed' : 'new');
    return after;
  });
}

async function refuseDuplicate(tx: Tx, ctx: TerritoryContext, input: SchemeInput, self: string | null): Promise<void> {
  const all = await store.listSchemes(tx, ctx.territoryId);
  const twin = all.find((s) => s.id !== self && duplicateKey(s) === duplicateKey(input));
  if (twin) throw new UserError(`Une aide du même nom et du même financeur existe déjà : « ${twin.name} ».`, 409, 'name');
  if (input.importKey && all.some((s) => s.id !== self && s.importKey === input.importKey)) throw new UserError(`L'identifiant d'import « ${input.importKey} » est déjà celui d'une autre aide.`, 409, 'importKey');
}

/** Two schemes are duplicates when they have the same name and first funder, accents and case aside. */
export function duplicateKey(s: Pick<SchemeInput, 'name' | 'funders'>): string {
  const fold = (t: string) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return `${fold(s.name)}|${fold(s.funders[0] ?? '')}`;
}

/** Marks as expired the published schemes whose deadline has passed (not the ongoing ones). */
export async function markExpiredSchemes(db: Database, ctx: TerritoryContext, today: string): Promise<number> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const expired = (await store.listSchemes(tx, ctx.territoryId)).filter((s) => s.status === 'published' && isPastDeadline(s, today));
    await store.updateSchemeStatuses(tx, ctx.territoryId, expired.map((s) => s.id), 'expired');
    const changes: AuditChange[] = expired.map((s) => ({ action: 'modification', entity: 'funding_schemes', entityId: s.id, before: { status: s.status }, after: { status: 'expired' } }));
    await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
    return expired.length;
  });
}

/** Creates many schemes in one transaction (demo data, benchmarks): each checked, none a duplicate. */
export async function createSchemes(db: Database, ctx: TerritoryContext, raws: readonly RawScheme[], today: string): Promise<FundingScheme[]> {
  const facts = await territoryFacts(db, ctx, today);
  const inputs = raws.map((raw) => checkScheme(raw, facts.territoryName));
  const keys = new Set<string>();
  for (const input of inputs) {
    if (keys.has(duplicateKey(input))) throw new UserError(`L'aide « ${input.name} » apparaît deux fois.`, 409, 'name');
    keys.add(duplicateKey(input));
  }
  return db.transaction(scopeOf(ctx), async (tx) => {
    const existing = new Set((await store.listSchemes(tx, ctx.territoryId)).map(duplicateKey));
    const twin = inputs.find((i) => existing.has(duplicateKey(i)));
    if (twin) throw new UserError(`Une aide du même nom et du même financeur existe déjà : « ${twin.name} ».`, 409, 'name');
    const schemes: FundingScheme[] = inputs.map((input) => ({ ...input, id: newId(), territoryId: ctx.territoryId }));
    await store.insertSchemes(tx, schemes);
    await recordAudit(tx, ctx.territoryId, ctx.actor, schemes.map((s) => ({ action: 'création', entity: 'funding_schemes', entityId: s.id, before: null, after: s })));
    await notifyMatches(tx, ctx, facts, schemes.filter((s) => s.status === 'published').map((s) => s.id), 'new');
    return schemes;
  });
}

/** Whom a search is for when the address does not say: a commune user's commune, else the EPCI. */
export async function defaultBeneficiaryId(db: Database, ctx: TerritoryContext, ownCommuneId: string | null): Promise<string> {
  if (ownCommuneId) return ownCommuneId;
  const epci = (await territory.listCollectivities(db, ctx)).find((c) => c.kind === 'epci');
  if (!epci) throw new NotFoundError();
  return epci.id;
}

/** The collectivities a search may be for: the EPCI and its member communes, then the others of the register. */
export async function beneficiaries(db: Database, ctx: TerritoryContext): Promise<Collectivity[]> {
  const order = (c: Collectivity) => (c.kind === 'epci' ? 0 : c.kind === 'commune' ? 1 : 2);
  return (await territory.listCollectivities(db, ctx)).sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name, 'fr'));
}
