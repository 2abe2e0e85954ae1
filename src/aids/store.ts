import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { rows, type Tx } from '../platform/db/database.ts';
import { Cents } from '../platform/money.ts';
import { collectivities } from '../territory/tables.ts';
import { aidNotifications, densityLevels, fiscalPotentials, fundingSchemes, projectFundings, projects, savedSearches } from './tables.ts';
import { BOUNDS_PER_GROUP, eligibilityBounds, MAX_GROUPS, type Eligibility } from './eligibility.ts';
import { foldAccents } from './search-text.ts';
import {
  PROJECT_TYPES,
  type FundingScheme,
  type FundingStatus,
  type Project,
  type ProjectFunding,
  type ProjectStage,
  type ProjectType,
  type SearchCriteria,
  type SpendingKind,
} from './model.ts';

type SchemeRow = Omit<typeof fundingSchemes.$inferSelect, 'searchVector' | 'eligibilityBounds' | 'criteriaCases' | 'popMin' | 'popMax' | 'densityMin' | 'densityMax' | 'epciPopMin' | 'epciPopMax' | 'fiscalMin' | 'fiscalMax'>;

const cents = (v: number | null) => (v === null ? null : Cents.of(Number(v)));

function toScheme(r: SchemeRow): FundingScheme {
  return {
    id: r.id,
    territoryId: r.territoryId,
    name: r.name,
    shortTitle: r.shortTitle,
    description: r.description,
    funders: r.funders,
    instructors: r.instructors,
    level: r.level as FundingScheme['level'],
    perimeter: { scale: r.perimeterScale as FundingScheme['perimeter']['scale'], code: r.perimeterCode, name: r.perimeterName },
    audiences: r.audiences as FundingScheme['audiences'],
    aidTypes: r.aidTypes as FundingScheme['aidTypes'],
    projectTypes: r.projectTypes as FundingScheme['projectTypes'],
    keywords: r.keywords,
    stages: r.stages as FundingScheme['stages'],
    spendingKinds: r.spendingKinds as FundingScheme['spendingKinds'],
    rateMin: r.rateMin === null ? null : String(Number(r.rateMin)),
    rateMax: r.rateMax === null ? null : String(Number(r.rateMax)),
    maxAidCents: cents(r.maxAidCents),
    minCostCents: cents(r.minCostCents),
    eligibility: r.eligibility as Eligibility,
    startDate: r.startDate,
    deadline: r.deadline,
    recurrence: r.recurrence as FundingScheme['recurrence'],
    callForProjects: r.callForProjects,
    originUrl: r.originUrl,
    applicationUrl: r.applicationUrl,
    contact: r.contact,
    status: r.status as FundingScheme['status'],
    fundingContribution: r.fundingContribution,
    importKey: r.importKey,
    updatedAt: r.updatedAt,
  };
}

/** One weight of the document: the text as written (french stems) and folded (simple words and french stems). */
function weighted(text: string, weight: 'A' | 'B' | 'C'): SQL {
  const folded = foldAccents(text);
  return sql`setweight(to_tsvector('french', ${text}) || to_tsvector('simple', ${folded}) || to_tsvector('french', ${folded}), ${weight})`;
}

/** The full-text document of a scheme: name above short title, keywords, types and funders, above description. */
function searchVector(s: FundingScheme): SQL {
  const b = [s.shortTitle ?? '', ...s.keywords, ...s.projectTypes.map((t) => PROJECT_TYPES[t].label), ...s.funders].join(' ; ');
  const c = [s.description, s.eligibility.condition ?? ''].join(' ; ');
  return sql`(${weighted(s.name, 'A')} || ${weighted(b, 'B')} || ${weighted(c, 'C')})`;
}

function schemeValues(s: FundingScheme) {
  return {
    territoryId: s.territoryId,
    id: s.id,
    name: s.name,
    shortTitle: s.shortTitle,
    description: s.description,
    funders: [...s.funders],
    instructors: [...s.instructors],
    level: s.level,
    perimeterScale: s.perimeter.scale,
    perimeterCode: s.perimeter.code,
    perimeterName: s.perimeter.name,
    audiences: [...s.audiences],
    aidTypes: [...s.aidTypes],
    projectTypes: [...s.projectTypes],
    keywords: [...s.keywords],
    stages: [...s.stages],
    spendingKinds: [...s.spendingKinds],
    rateMin: s.rateMin,
    rateMax: s.rateMax,
    maxAidCents: s.maxAidCents,
    minCostCents: s.minCostCents,
    eligibility: s.eligibility,
    ...boundColumns(s.eligibility),
    condition: s.eligibility.condition,
    startDate: s.startDate,
    deadline: s.deadline,
    recurrence: s.recurrence,
    callForProjects: s.callForProjects,
    originUrl: s.originUrl,
    applicationUrl: s.applicationUrl,
    contact: s.contact,
    status: s.status,
    fundingContribution: s.fundingContribution,
    importKey: s.importKey,
    searchVector: searchVector(s) as unknown as string,
  };
}

/** The criteria as the search reads them: the first case in columns, the others in the array. */
function boundColumns(eligibility: Eligibility) {
  const b = eligibilityBounds(eligibility);
  const at = (i: number) => b[i] ?? null;
  return {
    criteriaCases: eligibility.groups.length,
    popMin: at(0),
    popMax: at(1),
    densityMin: at(2),
    densityMax: at(3),
    epciPopMin: at(4),
    epciPopMax: at(5),
    fiscalMin: at(6),
    fiscalMax: at(7),
    eligibilityBounds: b.slice(BOUNDS_PER_GROUP) as number[],
  };
}

/** Every column but the search's own (the document vector and the bounds): what the model reads. */
const { searchVector: _v, eligibilityBounds: _b, criteriaCases: _c, popMin: _1, popMax: _2, densityMin: _3, densityMax: _4, epciPopMin: _5, epciPopMax: _6, fiscalMin: _7, fiscalMax: _8, ...SCHEME_COLUMNS } = getTableColumns(fundingSchemes);

export async function insertSchemes(tx: Tx, schemes: readonly FundingScheme[]): Promise<void> {
  for (let i = 0; i < schemes.length; i += 200) await tx.insert(fundingSchemes).values(schemes.slice(i, i + 200).map(schemeValues));
}

export async function updateScheme(tx: Tx, s: FundingScheme): Promise<void> {
  const { territoryId: _t, id: _i, ...values } = schemeValues(s);
  await tx
    .update(fundingSchemes)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(fundingSchemes.territoryId, s.territoryId), eq(fundingSchemes.id, s.id)));
}

export async function findScheme(tx: Tx, territoryId: string, id: string): Promise<FundingScheme | null> {
  const [row] = await tx.select(SCHEME_COLUMNS).from(fundingSchemes).where(and(eq(fundingSchemes.territoryId, territoryId), eq(fundingSchemes.id, id)));
  return row ? toScheme(row) : null;
}

export async function listSchemes(tx: Tx, territoryId: string, ids?: readonly string[]): Promise<FundingScheme[]> {
  if (ids && ids.length === 0) return [];
  const where = ids ? and(eq(fundingSchemes.territoryId, territoryId), inArray(fundingSchemes.id, [...ids])) : eq(fundingSchemes.territoryId, territoryId);
  return (await tx.select(SCHEME_COLUMNS).from(fundingSchemes).where(where).orderBy(asc(fundingSchemes.name))).map(toScheme);
}

export async function updateSchemeStatuses(tx: Tx, territoryId: string, ids: readonly string[], status: string): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(fundingSchemes)
    .set({ status, updatedAt: sql`now()` })
    .where(and(eq(fundingSchemes.territoryId, territoryId), inArray(fundingSchemes.id, [...ids])));
}

/** The facts a search reads about the beneficiary; null: unknown. */
export interface SearchFacts {
  readonly audience: string;
  readonly population: number | null;
  readonly densityLevel: number | null;
  readonly epciPopulation: number | null;
  readonly fiscalPotentialCents: number | null;
  readonly departmentCode: string | null;
  readonly regionCode: string | null;
}

export interface SearchHit {
  readonly id: string;
  /** 2 eligible, 1 to check, 0 ineligible (the model's statusRank). */
  readonly statusRank: number;
  readonly rank: number;
  /** How many candidates share this status (before the page's limit). */
  readonly inStatus: number;
}

function textArray(values: readonly string[]): SQL {
  return values.length === 0 ? sql`'{}'::text[]` : sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;
}

/**
 * 2 when the bounds hold, 1 when the fact is unknown, 0 when it fails: the SQL twin of eligibility.ts
 * (a property test holds them together). A known fact is a constant the planner folds.
 */
function dimension(lo: SQL, hi: SQL, value: number | null): SQL {
  if (value === null) return sql`case when ${lo} is null and ${hi} is null then 2 else 1 end`;
  return sql`case when ${value}::int between coalesce(${lo}, -2147483648) and coalesce(${hi}, 2147483647) then 2 else 0 end`;
}

function caseStatus(bound: (i: number) => SQL, f: SearchFacts): SQL {
  const values = [f.population, f.densityLevel, f.epciPopulation, f.fiscalPotentialCents];
  return sql`least(${sql.join(values.map((v, d) => dimension(bound(2 * d), bound(2 * d + 1), v)), sql`, `)})`;
}

export function eligibilitySql(f: SearchFacts): SQL {
  const first = caseStatus((i) => sql.raw(`s.${['pop_min', 'pop_max', 'density_min', 'density_max', 'epci_pop_min', 'epci_pop_max', 'fiscal_min', 'fiscal_max'][i]}`), f);
  const others = Array.from({ length: MAX_GROUPS - 1 }, (_, g) => sql`case when s.criteria_cases >= ${sql.raw(String(g + 2))} then ${caseStatus((i) => sql.raw(`s.eligibility_bounds[${g * BOUNDS_PER_GROUP + i + 1}]`), f)} end`);
  const demography = sql`case when s.criteria_cases = 0 then 2 when s.criteria_cases = 1 then ${first} else greatest(${first}, ${sql.join(others, sql`, `)}) end`;
  const audience = sql`case when cardinality(s.audiences) = 0 or ${f.audience}::text = any(s.audiences) then 2 else 0 end`;
  const area = (code: string | null) => (code === null ? sql`1` : sql`case when s.perimeter_code = ${code}::text then 2 else 0 end`);
  const perimeter = sql`case s.perimeter_scale when 'department' then ${area(f.departmentCode)} when 'region' then ${area(f.regionCode)} else 2 end`;
  return sql`least(${audience}, ${perimeter}, ${demography})`;
}

/** The tsquery of the words: each matches as written (french), folded as a prefix (simple) or folded (french). */
function tsquery(words: readonly string[]): SQL {
  const terms = words.map((w) => {
    const f = foldAccents(w);
    return sql`(to_tsquery('french', ${w}) || to_tsquery('simple', ${`${f}:*`}) || to_tsquery('french', ${f}))`;
  });
  return sql.join(terms, sql` && `);
}

export interface SearchOptions {
  readonly criteria: Omit<SearchCriteria, 'beneficiaryId' | 'theme' | 'text'> & { themeTypes: readonly ProjectType[] | null };
  readonly words: readonly string[];
  readonly facts: SearchFacts;
  readonly today: string;
  /** Only these schemes (alerts check the schemes just changed). */
  readonly ids?: readonly string[];
  /** At most this many eligible or to-check hits, and this many ineligible ones. */
  readonly limit: number;
  readonly ineligibleLimit: number;
}

/** Open schemes matching the project and filters, with their eligibility status for the beneficiary, best first. */
export async function searchSchemes(tx: Tx, territoryId: string, o: SearchOptions): Promise<SearchHit[]> {
  const found = await rows<{ id: string | null; elig: number; rank: number | null; n: string | number | null }>(tx, searchSql(territoryId, o));
  const counts = new Map(found.filter((r) => r.id === null).map((r) => [Number(r.elig), Number(r.n)]));
  const hits = found.filter((r) => r.id !== null).map((r) => ({ id: r.id!, statusRank: Number(r.elig), rank: Number(r.rank), inStatus: counts.get(Number(r.elig)) ?? 0 }));
  // The branches come in order; a stable sort makes it explicit without losing the SQL's tie-breaks.
  return hits.sort((x, y) => y.statusRank - x.statusRank || y.rank - x.rank);
}

/** The search's SQL (apart, so that a benchmark can EXPLAIN it). */
export function searchSql(territoryId: string, o: SearchOptions): SQL {
  const c = o.criteria;
  const where: SQL[] = [
    sql`s.territory_id = ${territoryId}::uuid`,
    sql`s.status = 'published'`,
    sql`(s.recurrence = 'ongoing' or s.deadline is null or s.deadline >= ${o.today}::date)`,
  ];
  if (c.projectType) where.push(sql`(cardinality(s.project_types) = 0 or ${c.projectType}::text = any(s.project_types))`);
  if (c.stage) where.push(sql`(cardinality(s.stages) = 0 or ${c.stage}::text = any(s.stages))`);
  if (c.spendingKind) where.push(sql`(cardinality(s.spending_kinds) = 0 or ${c.spendingKind}::text = any(s.spending_kinds))`);
  if (c.levels?.length) where.push(sql`s.level = any(${textArray(c.levels)})`);
  if (c.aidTypes?.length) where.push(sql`s.aid_types && ${textArray(c.aidTypes)}`);
  if (c.themeTypes) where.push(sql`(cardinality(s.project_types) = 0 or s.project_types && ${textArray(c.themeTypes)})`);
  if (c.deadlineBefore) where.push(sql`(s.recurrence <> 'ongoing' and s.deadline is not null and s.deadline <= ${c.deadlineBefore}::date)`);
  if (o.ids) where.push(o.ids.length ? sql`s.id = any(${sql`array[${sql.join(o.ids.map((id) => sql`${id}`), sql`, `)}]::uuid[]`})` : sql`false`);
  const q = o.words.length ? tsquery(o.words) : null;
  if (q) where.push(sql`s.search_vector @@ (${q})`);
  const textRank = q ? sql`ts_rank(s.search_vector, ${q})` : sql`0`;
  const bonus = c.projectType ? sql`case when ${c.projectType}::text = any(s.project_types) then 0.3 else 0 end` : sql`0`;
  // Computed once per candidate, then the best of each kind (a top-N sort, not a full one) and the counts.
  const order = sql.raw(`rank desc, coalesce(deadline, '9999-12-31'::date), id`);
  return sql`with c as materialized (
      select s.id, s.deadline, ${eligibilitySql(o.facts)} as elig, (${textRank} + ${bonus})::float8 as rank
        from funding_schemes s where ${sql.join(where, sql` and `)})
    (select id, elig, rank, null::bigint as n from c where elig > 0 order by elig desc, ${order} limit ${o.limit})
    union all (select id, elig, rank, null from c where elig = 0 order by ${order} limit ${o.ineligibleLimit})
    union all (select null, elig, null, count(*) from c group by elig)`;
}

// — Commune facts: density grid level and potentiel financier, per year —

/** Both facts of the latest year on or before `year`, in one query. */
export async function latestFacts(tx: Tx, territoryId: string, collectivityId: string, year: number): Promise<{ density: { year: number; level: number } | null; fiscal: { year: number; cents: number } | null }> {
  const [r] = await rows<{ dy: number | null; dl: number | null; fy: number | null; fc: string | number | null }>(
    tx,
    sql`select d.year as dy, d.level as dl, f.year as fy, f.cents_per_inhabitant as fc
          from (select 1) one
          left join lateral (select year, level from density_levels where territory_id = ${territoryId}::uuid and collectivity_id = ${collectivityId}::uuid and year <= ${year} order by year desc limit 1) d on true
          left join lateral (select year, cents_per_inhabitant from fiscal_potentials where territory_id = ${territoryId}::uuid and collectivity_id = ${collectivityId}::uuid and year <= ${year} order by year desc limit 1) f on true`,
  );
  return {
    density: r?.dy == null ? null : { year: Number(r.dy), level: Number(r.dl) },
    fiscal: r?.fy == null ? null : { year: Number(r.fy), cents: Number(r.fc) },
  };
}

export interface FactRow {
  readonly id: string;
  readonly collectivityId: string;
  readonly year: number;
  readonly value: number;
}

export async function listDensities(tx: Tx, territoryId: string): Promise<FactRow[]> {
  return (await tx.select().from(densityLevels).where(eq(densityLevels.territoryId, territoryId))).map((r) => ({ id: r.id, collectivityId: r.collectivityId, year: r.year, value: r.level }));
}

export async function listFiscalPotentials(tx: Tx, territoryId: string): Promise<FactRow[]> {
  return (await tx.select().from(fiscalPotentials).where(eq(fiscalPotentials.territoryId, territoryId))).map((r) => ({ id: r.id, collectivityId: r.collectivityId, year: r.year, value: Number(r.centsPerInhabitant) }));
}

export async function insertDensities(tx: Tx, list: readonly (typeof densityLevels.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) await tx.insert(densityLevels).values(list.slice(i, i + 500));
}
export async function insertFiscalPotentials(tx: Tx, list: readonly (typeof fiscalPotentials.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) await tx.insert(fiscalPotentials).values(list.slice(i, i + 500));
}
export async function updateDensity(tx: Tx, territoryId: string, id: string, level: number): Promise<void> {
  await tx.update(densityLevels).set({ level, updatedAt: sql`now()` }).where(and(eq(densityLevels.territoryId, territoryId), eq(densityLevels.id, id)));
}
export async function updateFiscalPotential(tx: Tx, territoryId: string, id: string, cents: number): Promise<void> {
  await tx.update(fiscalPotentials).set({ centsPerInhabitant: cents, updatedAt: sql`now()` }).where(and(eq(fiscalPotentials.territoryId, territoryId), eq(fiscalPotentials.id, id)));
}

// — Projects and the aids they target —

type ProjectRow = typeof projects.$inferSelect;
function toProject(r: ProjectRow): Project {
  return {
    id: r.id,
    collectivityId: r.collectivityId,
    title: r.title,
    projectType: r.projectType as ProjectType,
    stage: r.stage as ProjectStage,
    spendingKind: r.spendingKind as SpendingKind,
    estimatedCostCents: Cents.of(Number(r.estimatedCostCents)),
    description: r.description,
  };
}

export async function insertProjects(tx: Tx, territoryId: string, list: readonly Project[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) await tx.insert(projects).values(list.slice(i, i + 500).map((p) => ({ ...p, territoryId })));
}

export async function updateProject(tx: Tx, territoryId: string, p: Project): Promise<void> {
  const { id, collectivityId: _c, ...values } = p;
  await tx
    .update(projects)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(projects.territoryId, territoryId), eq(projects.id, id)));
}

export async function findProject(tx: Tx, territoryId: string, id: string): Promise<Project | null> {
  const [row] = await tx.select().from(projects).where(and(eq(projects.territoryId, territoryId), eq(projects.id, id)));
  return row ? toProject(row) : null;
}

export async function listProjects(tx: Tx, territoryId: string, collectivityId?: string): Promise<Project[]> {
  const where = collectivityId ? and(eq(projects.territoryId, territoryId), eq(projects.collectivityId, collectivityId)) : eq(projects.territoryId, territoryId);
  return (await tx.select().from(projects).where(where).orderBy(asc(projects.title))).map(toProject);
}

type FundingRow = typeof projectFundings.$inferSelect;
function toFunding(r: FundingRow): ProjectFunding {
  const deliberation = (body: string | null, date: string | null, reference: string | null, id: string | null) =>
    body && date && reference ? { body, date, reference, deliberationId: id } : null;
  return {
    id: r.id,
    projectId: r.projectId,
    schemeId: r.schemeId,
    status: r.status as FundingStatus,
    requestedCents: cents(r.requestedCents),
    obtainedCents: cents(r.obtainedCents),
    decidedOn: r.decidedOn ? { value: precise(r.decidedOn, r.decidedOnPrecision), precision: (r.decidedOnPrecision ?? 'day') as 'year' | 'month' | 'day' } : null,
    note: r.note,
    epciDeliberation: deliberation(r.epciBody, r.epciDate, r.epciReference, r.epciDeliberationId),
    communeDeliberation: deliberation(r.communeBody, r.communeDate, r.communeReference, r.communeDeliberationId),
  };
}

function precise(date: string, precision: string | null): string {
  return precision === 'year' ? date.slice(0, 4) : precision === 'month' ? date.slice(0, 7) : date;
}

function fundingValues(territoryId: string, f: ProjectFunding) {
  const full = f.decidedOn ? (f.decidedOn.precision === 'year' ? `${f.decidedOn.value}-01-01` : f.decidedOn.precision === 'month' ? `${f.decidedOn.value}-01` : f.decidedOn.value) : null;
  return {
    territoryId,
    id: f.id,
    projectId: f.projectId,
    schemeId: f.schemeId,
    status: f.status,
    requestedCents: f.requestedCents,
    obtainedCents: f.obtainedCents,
    decidedOn: full,
    decidedOnPrecision: f.decidedOn?.precision ?? null,
    note: f.note,
    epciBody: f.epciDeliberation?.body ?? null,
    epciDate: f.epciDeliberation?.date ?? null,
    epciReference: f.epciDeliberation?.reference ?? null,
    epciDeliberationId: f.epciDeliberation?.deliberationId ?? null,
    communeBody: f.communeDeliberation?.body ?? null,
    communeDate: f.communeDeliberation?.date ?? null,
    communeReference: f.communeDeliberation?.reference ?? null,
    communeDeliberationId: f.communeDeliberation?.deliberationId ?? null,
  };
}

export async function insertFundings(tx: Tx, territoryId: string, list: readonly ProjectFunding[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) await tx.insert(projectFundings).values(list.slice(i, i + 500).map((f) => fundingValues(territoryId, f)));
}

export async function updateFunding(tx: Tx, territoryId: string, f: ProjectFunding): Promise<void> {
  const { territoryId: _t, id: _i, projectId: _p, schemeId: _s, ...values } = fundingValues(territoryId, f);
  await tx
    .update(projectFundings)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(projectFundings.territoryId, territoryId), eq(projectFundings.id, f.id)));
}

export async function listFundings(tx: Tx, territoryId: string, projectIds?: readonly string[]): Promise<ProjectFunding[]> {
  if (projectIds && projectIds.length === 0) return [];
  const where = projectIds ? and(eq(projectFundings.territoryId, territoryId), inArray(projectFundings.projectId, [...projectIds])) : eq(projectFundings.territoryId, territoryId);
  return (await tx.select().from(projectFundings).where(where).orderBy(asc(projectFundings.createdAt))).map(toFunding);
}

/** Obtained aids with what the overview prints: year of the decision, commune, project, scheme. */
export interface ObtainedRow {
  readonly fundingId: string;
  readonly year: number;
  readonly decidedOn: ProjectFunding['decidedOn'];
  readonly amountCents: Cents;
  readonly collectivityId: string;
  readonly collectivityName: string;
  readonly inseeCode: string | null;
  readonly projectId: string;
  readonly projectTitle: string;
  readonly schemeId: string;
  readonly schemeName: string;
  readonly funders: readonly string[];
  readonly level: string;
  readonly fundingContribution: boolean;
}

export async function listObtained(tx: Tx, territoryId: string, year?: number): Promise<ObtainedRow[]> {
  const found = await tx
    .select({ f: projectFundings, p: projects, s: { id: fundingSchemes.id, name: fundingSchemes.name, funders: fundingSchemes.funders, level: fundingSchemes.level, fc: fundingSchemes.fundingContribution }, c: { name: collectivities.name, insee: collectivities.inseeCode } })
    .from(projectFundings)
    .innerJoin(projects, and(eq(projects.territoryId, projectFundings.territoryId), eq(projects.id, projectFundings.projectId)))
    .innerJoin(fundingSchemes, and(eq(fundingSchemes.territoryId, projectFundings.territoryId), eq(fundingSchemes.id, projectFundings.schemeId)))
    .innerJoin(collectivities, and(eq(collectivities.territoryId, projects.territoryId), eq(collectivities.id, projects.collectivityId)))
    .where(
      and(
        eq(projectFundings.territoryId, territoryId),
        eq(projectFundings.status, 'obtained'),
        sql`${projectFundings.decidedOn} is not null`,
        year === undefined ? undefined : sql`extract(year from ${projectFundings.decidedOn}) = ${year}`,
      ),
    )
    .orderBy(asc(projectFundings.decidedOn), asc(collectivities.name));
  return found.map((r) => {
    const f = toFunding(r.f);
    return {
      fundingId: f.id,
      year: Number(f.decidedOn!.value.slice(0, 4)),
      decidedOn: f.decidedOn,
      amountCents: f.obtainedCents ?? Cents.zero,
      collectivityId: r.p.collectivityId,
      collectivityName: r.c.name,
      inseeCode: r.c.insee,
      projectId: r.p.id,
      projectTitle: r.p.title,
      schemeId: r.s.id,
      schemeName: r.s.name,
      funders: r.s.funders,
      level: r.s.level,
      fundingContribution: r.s.fc,
    };
  });
}

// — Saved searches and notifications —

export interface SavedSearch {
  readonly id: string;
  readonly personId: string;
  readonly name: string;
  readonly criteria: SearchCriteria;
  readonly createdAt: string;
}

export async function insertSavedSearch(tx: Tx, territoryId: string, s: Omit<SavedSearch, 'createdAt'>): Promise<void> {
  await tx.insert(savedSearches).values({ territoryId, id: s.id, personId: s.personId, name: s.name, criteria: s.criteria });
}

export async function listSavedSearches(tx: Tx, territoryId: string, personId?: string): Promise<SavedSearch[]> {
  const where = personId ? and(eq(savedSearches.territoryId, territoryId), eq(savedSearches.personId, personId)) : eq(savedSearches.territoryId, territoryId);
  const found = await tx.select().from(savedSearches).where(where).orderBy(asc(savedSearches.createdAt));
  return found.map((r) => ({ id: r.id, personId: r.personId, name: r.name, criteria: r.criteria as SearchCriteria, createdAt: r.createdAt }));
}

export async function deleteSavedSearch(tx: Tx, territoryId: string, personId: string, id: string): Promise<SavedSearch | null> {
  const [row] = await tx
    .delete(savedSearches)
    .where(and(eq(savedSearches.territoryId, territoryId), eq(savedSearches.personId, personId), eq(savedSearches.id, id)))
    .returning();
  return row ? { id: row.id, personId: row.personId, name: row.name, criteria: row.criteria as SearchCriteria, createdAt: row.createdAt } : null;
}

export interface Notification {
  readonly id: string;
  readonly savedSearchId: string;
  readonly savedSearchName: string;
  readonly schemeId: string;
  readonly schemeName: string;
  readonly reason: 'new' | 'changed';
  readonly createdAt: string;
  readonly readAt: string | null;
}

export async function insertNotifications(tx: Tx, list: readonly (typeof aidNotifications.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) await tx.insert(aidNotifications).values(list.slice(i, i + 500));
}

/** Unread notifications of a saved search for a scheme: a second change refreshes the first notice. */
export async function findUnread(tx: Tx, territoryId: string, savedSearchId: string, schemeId: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: aidNotifications.id })
    .from(aidNotifications)
    .where(and(eq(aidNotifications.territoryId, territoryId), eq(aidNotifications.savedSearchId, savedSearchId), eq(aidNotifications.schemeId, schemeId), isNull(aidNotifications.readAt)));
  return row?.id ?? null;
}

export async function touchNotification(tx: Tx, territoryId: string, id: string): Promise<void> {
  await tx
    .update(aidNotifications)
    .set({ updatedAt: sql`now()` })
    .where(and(eq(aidNotifications.territoryId, territoryId), eq(aidNotifications.id, id)));
}

export async function listNotifications(tx: Tx, territoryId: string, personId: string, limit = 100): Promise<Notification[]> {
  const found = await tx
    .select({ n: aidNotifications, searchName: savedSearches.name, schemeName: fundingSchemes.name })
    .from(aidNotifications)
    .innerJoin(savedSearches, and(eq(savedSearches.territoryId, aidNotifications.territoryId), eq(savedSearches.id, aidNotifications.savedSearchId)))
    .innerJoin(fundingSchemes, and(eq(fundingSchemes.territoryId, aidNotifications.territoryId), eq(fundingSchemes.id, aidNotifications.schemeId)))
    .where(and(eq(aidNotifications.territoryId, territoryId), eq(aidNotifications.personId, personId)))
    .orderBy(desc(aidNotifications.updatedAt))
    .limit(limit);
  return found.map((r) => ({
    id: r.n.id,
    savedSearchId: r.n.savedSearchId,
    savedSearchName: r.searchName,
    schemeId: r.n.schemeId,
    schemeName: r.schemeName,
    reason: r.n.reason as 'new' | 'changed',
    createdAt: r.n.updatedAt,
    readAt: r.n.readAt,
  }));
}

export async function markRead(tx: Tx, territoryId: string, personId: string): Promise<string[]> {
  const found = await tx
    .update(aidNotifications)
    .set({ readAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(aidNotifications.territoryId, territoryId), eq(aidNotifications.personId, personId), isNull(aidNotifications.readAt)))
    .returning({ id: aidNotifications.id });
  return found.map((r) => r.id);
}

export async function countUnread(tx: Tx, territoryId: string, personId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from aid_notifications where territory_id = ${territoryId}::uuid and person_id = ${personId}::uuid and read_at is null`,
  );
  return row?.n ?? 0;
}
