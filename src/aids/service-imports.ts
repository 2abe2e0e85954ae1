/** Schemes in bulk (CSV/XLSX and Aides-territoires JSON), all or nothing; commune facts for the criteria. */
import type { Database } from '../platform/db/database.ts';
import { recordAudit, type AuditChange } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { Cents } from '../platform/money.ts';
import { ImportError, readTable, type ImportProblem } from '../platform/imports.ts';
import { makeTable, tableToCsv, tableToXlsx, type DocumentTable } from '../platform/documents/index.ts';
import * as territory from '../territory/service.ts';
import { formatCriteriaText } from './criteria-text.ts';
import { fromAidesTerritoires, toAidesTerritoires, eurosText } from './aides-territoires.ts';
import { validateScheme, type RawScheme } from './scheme-input.ts';
import { perimeterFromName, perimeterNamer } from './places.ts';
import { isPastDeadline, type FundingScheme, type SchemeInput } from './model.ts';
import * as store from './store.ts';
import { duplicateKey, territoryFacts } from './service.ts';
import { notifyMatches } from './service-alerts.ts';

/** The columns of a CSV/XLSX of schemes (header as written; headers are read folded, accents and case aside). */
export const SCHEME_COLUMNS = [
  ['identifiant', 'importKey'],
  ['nom', 'name'],
  ['titre_court', 'shortTitle'],
  ['description', 'description'],
  ['financeurs', 'funders'],
  ['instructeurs', 'instructors'],
  ['niveau', 'level'],
  ['perimetre', 'perimeterScale'],
  ['code_perimetre', 'perimeterCode'],
  ['beneficiaires', 'audiences'],
  ['types_aide', 'aidTypes'],
  ['typologies', 'projectTypes'],
  ['mots_cles', 'keywords'],
  ['etapes', 'stages'],
  ['depenses', 'spendingKinds'],
  ['taux_min', 'rateMin'],
  ['taux_max', 'rateMax'],
  ['plafond', 'maxAid'],
  ['depense_minimale', 'minCost'],
  ['criteres', 'criteria'],
  ['condition', 'condition'],
  ['date_ouverture', 'startDate'],
  ['date_limite', 'deadline'],
  ['recurrence', 'recurrence'],
  ['appel_a_projets', 'callForProjects'],
  ['lien', 'originUrl'],
  ['lien_candidature', 'applicationUrl'],
  ['contact', 'contact'],
  ['statut', 'status'],
  ['fonds_de_concours', 'fundingContribution'],
] as const;
const COLUMN_OF = new Map<string, string>(SCHEME_COLUMNS.map(([column, field]) => [field, column]));
const REQUIRED = ['nom', 'description', 'financeurs', 'niveau', 'beneficiaires', 'types_aide'];

export interface SchemeImportResult {
  readonly created: number;
  readonly updated: number;
  readonly expired: number;
}

/** "27/01/2020" (as French spreadsheets write it) → "2020-01-27"; anything else as is. */
function isoDate(text: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  return m ? `${m[3]}-${m[2]}-${m[1]}` : text.trim();
}

const split = (v: string | undefined) => (v ?? '').split(/\s*\|\s*/).map((s) => s.trim()).filter(Boolean);

function bool(v: string | undefined): boolean | 'invalid' {
  const t = (v ?? '').trim().toLowerCase();
  if (['', 'non', 'faux', 'false', '0', 'n'].includes(t)) return false;
  if (['oui', 'vrai', 'true', '1', 'o'].includes(t)) return true;
  return 'invalid';
}

/** One line of a CSV/XLSX as raw input, plus the problems the columns themselves have. */
function rawFromLine(values: Readonly<Record<string, string>>): { raw: RawScheme; problems: { column: string; message: string }[] } {
  const problems: { column: string; message: string }[] = [];
  const flag = (column: string) => {
    const b = bool(values[column]);
    if (b === 'invalid') problems.push({ column, message: `« ${values[column]} » : attendu oui ou non.` });
    return b === true;
  };
  const code = (v: string | undefined) => v?.trim() || undefined;
  return {
    raw: {
      importKey: values.identifiant ?? null,
      name: values.nom,
      shortTitle: values.titre_court ?? null,
      description: values.description,
      funders: split(values.financeurs),
      instructors: split(values.instructeurs),
      level: code(values.niveau),
      perimeterScale: code(values.perimetre) ?? 'territory',
      perimeterCode: values.code_perimetre ?? null,
      audiences: split(values.beneficiaires),
      aidTypes: split(values.types_aide),
      projectTypes: split(values.typologies),
      keywords: split(values.mots_cles),
      stages: split(values.etapes),
      spendingKinds: split(values.depenses),
      rateMin: values.taux_min ?? null,
      rateMax: values.taux_max ?? null,
      maxAid: values.plafond ?? null,
      minCost: values.depense_minimale ?? null,
      criteria: values.criteres ?? null,
      condition: values.condition ?? null,
      startDate: values.date_ouverture ? isoDate(values.date_ouverture) : null,
      deadline: values.date_limite ? isoDate(values.date_limite) : null,
      recurrence: code(values.recurrence),
      callForProjects: flag('appel_a_projets'),
      originUrl: values.lien ?? null,
      applicationUrl: values.lien_candidature ?? null,
      contact: values.contact ?? null,
      status: code(values.statut) ?? 'published',
      fundingContribution: flag('fonds_de_concours'),
    },
    problems,
  };
}

type Parsed = { line: number; scheme: SchemeInput };

/** Reads the file (CSV, XLSX, or JSON in Aides-territoires' layout) into checked schemes, or every problem. */
function parseFile(bytes: Uint8Array, territoryName: string): Promise<Parsed[]> | Parsed[] {
  const first = new TextDecoder().decode(bytes.slice(0, 200)).replace(/^\uFEFF/, '').trimStart();
  if (first.startsWith('[') || first.startsWith('{')) return parseJson(bytes, territoryName);
  return parseTable(bytes, territoryName);
}

async function parseTable(bytes: Uint8Array, territoryName: string): Promise<Parsed[]> {
  const table = await readTable(bytes);
  const problems: ImportProblem[] = [];
  for (const column of REQUIRED) if (!table.columns.includes(column)) problems.push({ line: 1, column, message: `Colonne « ${column} » absente de l'en-tête.` });
  if (problems.length) throw new ImportError(problems);
  if (table.records.length === 0) throw new ImportError([{ line: 2, column: 'nom', message: 'Le fichier ne contient aucune aide.' }]);
  const parsed: Parsed[] = [];
  const namer = perimeterNamer(territoryName);
  for (const record of table.records) {
    const { raw, problems: own } = rawFromLine(record.values);
    for (const p of own) problems.push({ line: record.line, ...p });
    const checked = validateScheme(raw, namer);
    if (checked.scheme === null) for (const p of checked.problems) problems.push({ line: record.line, column: COLUMN_OF.get(p.field) ?? p.field, message: p.message });
    else if (own.length === 0) parsed.push({ line: record.line, scheme: checked.scheme });
  }
  if (problems.length) throw new ImportError(problems);
  return parsed;
}

function parseJson(bytes: Uint8Array, territoryName: string): Parsed[] {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportError([{ line: 1, column: '', message: `Le fichier n'est pas un JSON valide en UTF-8 (${(error as Error).message}).` }]);
  }
  const items = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { results?: unknown }).results) ? (data as { results: unknown[] }).results : null;
  if (!items) throw new ImportError([{ line: 1, column: '', message: 'Le JSON doit être une liste d’aides, ou un objet dont « results » est la liste (format de l’API Aides-territoires).' }]);
  if (items.length === 0) throw new ImportError([{ line: 1, column: '', message: 'Le fichier ne contient aucune aide.' }]);
  const problems: ImportProblem[] = [];
  const parsed: Parsed[] = [];
  const namer = perimeterNamer(territoryName);
  const fields = new Map<string, string>([['name', 'name'], ['description', 'description'], ['funders', 'financers'], ['audiences', 'targeted_audiences'], ['aidTypes', 'aid_types'], ['stages', 'mobilization_steps'], ['spendingKinds', 'destinations'], ['rateMin', 'subvention_rate_lower_bound'], ['rateMax', 'subvention_rate_upper_bound'], ['deadline', 'submission_deadline'], ['startDate', 'start_date'], ['recurrence', 'recurrence'], ['originUrl', 'origin_url'], ['applicationUrl', 'application_url'], ['condition', 'eligibility'], ['perimeterCode', 'perimeter'], ['perimeterScale', 'perimeter'], ['level', 'mutualis.level'], ['criteria', 'mutualis.criteria']]);
  items.forEach((item, index) => {
    const line = index + 1;
    const { raw, problems: own } = fromAidesTerritoires(item, (name) => perimeterFromName(name, territoryName));
    for (const p of own) problems.push({ line, column: p.field, message: p.message });
    const named = new Set(own.map((p) => p.field));
    // Without Mutualis' own level, the perimeter gives it (an Aides-territoires file does not have it).
    const withLevel = raw.level || !raw.perimeterScale ? raw : { ...raw, level: ({ europe: 'european', france: 'national', region: 'regional', department: 'departmental', territory: 'intercommunal' } as Record<string, string>)[raw.perimeterScale] };
    const checked = validateScheme(withLevel, namer);
    const column = (field: string) => (field === 'level' && !raw.level ? 'perimeter' : (fields.get(field) ?? field));
    // A field whose values were not understood is named once, by what was not understood.
    if (checked.scheme === null) for (const p of checked.problems) if (!named.has(column(p.field))) problems.push({ line, column: column(p.field), message: p.message });
    if (checked.scheme !== null && own.length === 0) parsed.push({ line, scheme: checked.scheme });
  });
  if (problems.length) throw new ImportError(problems);
  return parsed;
}

/**
 * Imports schemes, all or nothing: a scheme already there (same import identifier, or same name and first
 * funder) is updated, a duplicate inside the file is refused, a published scheme past its deadline is marked
 * expired. Saved searches are alerted of what is new or changed.
 */
export async function importSchemes(db: Database, ctx: TerritoryContext, bytes: Uint8Array, today: string): Promise<SchemeImportResult> {
  const facts = await territoryFacts(db, ctx, today);
  const parsed = await parseFile(bytes, facts.territoryName);
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, scheme } of parsed) {
    for (const k of [duplicateKey(scheme), scheme.importKey ? `id:${scheme.importKey}` : null]) {
      if (k === null) continue;
      const previous = seen.get(k);
      if (previous !== undefined) problems.push({ line, column: k.startsWith('id:') ? 'identifiant' : 'nom', message: `Doublon de la ligne ${previous} (${k.startsWith('id:') ? 'même identifiant' : 'même nom et même financeur'}).` });
      else seen.set(k, line);
    }
  }
  if (problems.length) throw new ImportError(problems);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const existing = await store.listSchemes(tx, ctx.territoryId);
    const byImportKey = new Map(existing.filter((s) => s.importKey).map((s) => [s.importKey!, s]));
    const byName = new Map(existing.map((s) => [duplicateKey(s), s]));
    const created: FundingScheme[] = [];
    const changes: AuditChange[] = [];
    const changed: string[] = [];
    let expired = 0;
    for (const { scheme: input } of parsed) {
      const status = input.status === 'published' && isPastDeadline(input, today) ? 'expired' : input.status;
      if (status !== input.status) expired++;
      const match = (input.importKey ? byImportKey.get(input.importKey) : undefined) ?? byName.get(duplicateKey(input));
      if (match) {
        const after: FundingScheme = { ...input, status, id: match.id, territoryId: ctx.territoryId };
        const { updatedAt: _u, ...before } = match;
        await store.updateScheme(tx, after);
        changes.push({ action: 'modification', entity: 'funding_schemes', entityId: match.id, before, after });
        changed.push(match.id);
      } else {
        const scheme: FundingScheme = { ...input, status, id: newId(), territoryId: ctx.territoryId };
        created.push(scheme);
        changes.push({ action: 'création', entity: 'funding_schemes', entityId: scheme.id, before: null, after: scheme });
      }
    }
    await store.insertSchemes(tx, created);
    await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
    await notifyMatches(tx, ctx, facts, created.map((s) => s.id), 'new');
    await notifyMatches(tx, ctx, facts, changed, 'changed');
    return { created: created.length, updated: changed.length, expired };
  });
}

/** The schemes as a table with the import's columns (so an export reads back as an import). */
export function schemesTable(schemes: readonly FundingScheme[]): DocumentTable {
  const join = (l: readonly string[]) => l.join(' | ');
  const values: Record<string, (s: FundingScheme) => string | null> = {
    importKey: (s) => s.importKey,
    name: (s) => s.name,
    shortTitle: (s) => s.shortTitle,
    description: (s) => s.description,
    funders: (s) => join(s.funders),
    instructors: (s) => join(s.instructors),
    level: (s) => s.level,
    perimeterScale: (s) => s.perimeter.scale,
    perimeterCode: (s) => s.perimeter.code,
    audiences: (s) => join(s.audiences),
    aidTypes: (s) => join(s.aidTypes),
    projectTypes: (s) => join(s.projectTypes),
    keywords: (s) => join(s.keywords),
    stages: (s) => join(s.stages),
    spendingKinds: (s) => join(s.spendingKinds),
    rateMin: (s) => s.rateMin?.replace('.', ',') ?? null,
    rateMax: (s) => s.rateMax?.replace('.', ',') ?? null,
    maxAid: (s) => (s.maxAidCents === null ? null : eurosText(s.maxAidCents).replace('.', ',')),
    minCost: (s) => (s.minCostCents === null ? null : eurosText(s.minCostCents).replace('.', ',')),
    criteria: (s) => formatCriteriaText(s.eligibility.groups).replace(/\n/g, ' | ') || null,
    condition: (s) => s.eligibility.condition,
    startDate: (s) => s.startDate,
    deadline: (s) => s.deadline,
    recurrence: (s) => s.recurrence,
    callForProjects: (s) => (s.callForProjects ? 'oui' : 'non'),
    originUrl: (s) => s.originUrl,
    applicationUrl: (s) => s.applicationUrl,
    contact: (s) => s.contact,
    status: (s) => s.status,
    fundingContribution: (s) => (s.fundingContribution ? 'oui' : 'non'),
  };
  return makeTable(
    'Aides financières',
    SCHEME_COLUMNS.map(([header, field]) => ({ header, kind: field === 'startDate' || field === 'deadline' ? ('date' as const) : ('text' as const), value: values[field]! })),
    schemes,
  );
}

export type SchemeExportType = 'csv' | 'xlsx' | 'json';

/** The territory's schemes other than drafts, as CSV, XLSX or JSON in Aides-territoires' layout. */
export async function exportSchemes(db: Database, ctx: TerritoryContext, type: SchemeExportType, baseUrl: string, on: string): Promise<Uint8Array> {
  const schemes = (await db.transaction(scopeOf(ctx), (tx) => store.listSchemes(tx, ctx.territoryId))).filter((s) => s.status !== 'draft');
  if (type === 'json') return new TextEncoder().encode(JSON.stringify({ count: schemes.length, results: schemes.map((s) => toAidesTerritoires(s, `${baseUrl}/aides/${s.id}`)) }, null, 2));
  const table = schemesTable(schemes);
  return type === 'csv' ? tableToCsv(table) : tableToXlsx(table, { date: on });
}

export interface FactsImportResult {
  readonly densities: number;
  readonly fiscalPotentials: number;
}

/**
 * Imports communes' density grid levels (INSEE, 1 to 7) and potentiel financier per inhabitant (euros), per
 * year: columns code_insee, annee, and niveau_densite and/or potentiel_financier. All or nothing.
 */
export async function importCommuneFacts(db: Database, ctx: TerritoryContext, bytes: Uint8Array, today: string): Promise<FactsImportResult> {
  const table = await readTable(bytes);
  const problems: ImportProblem[] = [];
  for (const column of ['code_insee', 'annee']) if (!table.columns.includes(column)) problems.push({ line: 1, column, message: `Colonne « ${column} » absente de l'en-tête.` });
  const hasDensity = table.columns.includes('niveau_densite');
  const hasFiscal = table.columns.includes('potentiel_financier');
  if (!hasDensity && !hasFiscal) problems.push({ line: 1, column: 'niveau_densite', message: 'Il faut au moins une des colonnes « niveau_densite » ou « potentiel_financier ».' });
  if (problems.length) throw new ImportError(problems);
  if (table.records.length === 0) throw new ImportError([{ line: 2, column: 'code_insee', message: 'Le fichier ne contient aucune ligne de données.' }]);
  const communes = new Map((await territory.listCommunes(db, ctx, { on: today })).map((c) => [c.inseeCode!, c.id]));
  const rows: { line: number; collectivityId: string; year: number; level: number | null; cents: number | null }[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of table.records) {
    const before = problems.length;
    const insee = (values.code_insee ?? '').trim().toUpperCase().padStart(5, '0');
    const collectivityId = communes.get(insee);
    if (!collectivityId) problems.push({ line, column: 'code_insee', message: `« ${values.code_insee ?? ''} » n'est pas une commune membre du territoire.` });
    const yearText = (values.annee ?? '').trim();
    if (!/^\d{4}$/.test(yearText) || Number(yearText) < 2000 || Number(yearText) > 2100) problems.push({ line, column: 'annee', message: `« ${yearText} » n'est pas une année.` });
    const levelText = hasDensity ? (values.niveau_densite ?? '').trim() : '';
    if (levelText && !/^[1-7]$/.test(levelText)) problems.push({ line, column: 'niveau_densite', message: `« ${levelText} » : le niveau de la grille de densité va de 1 à 7.` });
    const fiscalText = hasFiscal ? (values.potentiel_financier ?? '').trim() : '';
    const cents = fiscalText ? Cents.parseEuros(fiscalText) : null;
    if (fiscalText && (cents === null || cents < 0)) problems.push({ line, column: 'potentiel_financier', message: `« ${fiscalText} » n'est pas un montant en euros par habitant.` });
    if (!levelText && !fiscalText) problems.push({ line, column: hasDensity ? 'niveau_densite' : 'potentiel_financier', message: 'La ligne ne donne ni niveau de densité ni potentiel financier.' });
    if (problems.length > before) continue;
    const k = `${insee}|${yearText}`;
    if (seen.has(k)) {
      problems.push({ line, column: 'code_insee', message: `Doublon de la ligne ${seen.get(k)} (même commune et même année).` });
      continue;
    }
    seen.set(k, line);
    rows.push({ line, collectivityId: collectivityId!, year: Number(yearText), level: levelText ? Number(levelText) : null, cents: cents === null ? null : Number(cents) });
  }
  if (problems.length) throw new ImportError(problems);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const densities = new Map((await store.listDensities(tx, ctx.territoryId)).map((d) => [`${d.collectivityId}|${d.year}`, d]));
    const fiscal = new Map((await store.listFiscalPotentials(tx, ctx.territoryId)).map((d) => [`${d.collectivityId}|${d.year}`, d]));
    const newDensities = [];
    const newFiscal = [];
    const changes: AuditChange[] = [];
    for (const r of rows) {
      const k = `${r.collectivityId}|${r.year}`;
      if (r.level !== null) {
        const old = densities.get(k);
        if (old && old.value !== r.level) {
          await store.updateDensity(tx, ctx.territoryId, old.id, r.level);
          changes.push({ action: 'modification', entity: 'density_levels', entityId: old.id, before: old, after: { ...old, value: r.level } });
        } else if (!old) {
          const row = { territoryId: ctx.territoryId, id: newId(), collectivityId: r.collectivityId, year: r.year, level: r.level };
          newDensities.push(row);
          changes.push({ action: 'création', entity: 'density_levels', entityId: row.id, before: null, after: row });
        }
      }
      if (r.cents !== null) {
        const old = fiscal.get(k);
        if (old && old.value !== r.cents) {
          await store.updateFiscalPotential(tx, ctx.territoryId, old.id, r.cents);
          changes.push({ action: 'modification', entity: 'fiscal_potentials', entityId: old.id, before: old, after: { ...old, value: r.cents } });
        } else if (!old) {
          const row = { territoryId: ctx.territoryId, id: newId(), collectivityId: r.collectivityId, year: r.year, centsPerInhabitant: r.cents };
          newFiscal.push(row);
          changes.push({ action: 'création', entity: 'fiscal_potentials', entityId: row.id, before: null, after: row });
        }
      }
    }
    await store.insertDensities(tx, newDensities);
    await store.insertFiscalPotentials(tx, newFiscal);
    await recordAudit(tx, ctx.territoryId, ctx.actor, changes);
    return { densities: rows.filter((r) => r.level !== null).length, fiscalPotentials: rows.filter((r) => r.cents !== null).length };
  });
}
