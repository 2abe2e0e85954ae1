import type { Database } from '../platform/db/database.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { recordAudit } from '../platform/audit.ts';
import { newId } from '../platform/ids.ts';
import { UserError } from '../platform/http/errors.ts';
import { formatCents, formatInteger, formatLegalDate, formatLongDate, type LegalDate } from '../platform/format.ts';
import type { DocumentTable } from '../platform/documents/index.ts';
import type { BarChartSpec } from '../platform/documents/index.ts';
import * as territory from '../territory/service.ts';
import { sharedServicesForReport, type ReportService } from '../agreements/view-service.ts';
import { EVERYONE, listRuns, runTotals } from '../charging/run-service.ts';
import { procurementYearStatistics, type ProcurementYearStatistics } from '../procurement/statistics-service.ts';
import { FIGURE_KEYS, FIGURE_LABELS } from '../procurement/statistics.ts';
import { catalogueYearIndicators } from '../catalogue/service.ts';
import { INDICATOR_RULES } from '../catalogue/indicators.ts';
import { obtainedAids } from '../aids/service-projects.ts';
import { convergenceTable } from '../convergence/service.ts';
import { PROJECT_STATUS_LABELS } from '../convergence/model.ts';
import { poolingSchemeSummary } from '../scheme/service.ts';
import { ACTION_STATUS_LABELS, ACTION_STATUSES } from '../scheme/model.ts';
import { checkNarrative, checkYear, counted, coveredYear, frenchList, isSection, normalizeNarrative, pickNarrative, SECTION_NUMBERS, SECTION_TITLES, SECTIONS, type Narrative, type Section } from './model.ts';
import * as store from './store.ts';

/** A figure of a data block: a labelled sentence, computed from rows it can list (the drill-down). */
export interface Figure {
  readonly sentence: string;
  /** The labels of the rows the figure counts (empty when the source module gives only the count). */
  readonly rows: readonly string[];
  /** How the source module counts it, when it says so. */
  readonly rule: string | null;
  /** The page of the source module showing those rows, relative to the territory's base (`/achats/statistiques?annee=2019`). */
  readonly link: string | null;
}

/** A block computed from a module's data: never typed, "Aucune donnée" when the module has nothing. */
export interface DataBlock {
  readonly title: string;
  readonly source: string;
  readonly empty: boolean;
  readonly figures: readonly Figure[];
  readonly tables: readonly DocumentTable[];
  readonly chart: BarChartSpec | null;
}

export interface ReportSection {
  readonly section: Section;
  readonly number: string;
  readonly title: string;
  readonly narrative: Narrative;
  readonly blocks: readonly DataBlock[];
}

export interface YearReport {
  readonly territoryName: string;
  readonly year: number;
  /** The last year whose data the report covers (N−1). */
  readonly coveredYear: number;
  readonly sections: readonly ReportSection[];
}

export const NO_DATA = 'Aucune donnée';

const block = (title: string, source: string, parts: { figures?: readonly Figure[]; tables?: readonly DocumentTable[]; chart?: BarChartSpec | null }): DataBlock => {
  const figures = parts.figures ?? [];
  const tables = (parts.tables ?? []).filter((t) => t.rows.length > 0);
  return { title, source, empty: figures.length === 0 && tables.length === 0, figures, tables, chart: parts.chart ?? null };
};
const figure = (sentence: string, rows: readonly string[] = [], link: string | null = null, rule: string | null = null): Figure => ({ sentence, rows, link, rule });
const text = (header: string) => ({ header, kind: 'text' as const });
const auto = (header: string) => ({ header, kind: 'text' as const, width: 'auto' as const });
const legal = (value: string, precision: LegalDate['precision']) => {
  if (precision !== 'day') return formatLegalDate({ value, precision });
  return `le ${formatLongDate(value)}`;
};
const yearEnd = (year: number) => `${year}-12-31`;

/** Default texts of the narrative blocks, before anyone writes them (the reference's wording, generalised). */
function defaultTexts(epciName: string): Record<Section, string> {
  return {
    context:
      `L’article L5211-39-1 du code général des collectivités territoriales prévoit que chaque année, lors du débat d’orientation budgétaire ou, à défaut, lors du vote du budget, l’avancement du schéma de mutualisation fait l’objet d’une communication du président de ${epciName} à son organe délibérant.\n\nLe présent rapport présente l’état d’avancement du schéma au terme de l’année écoulée.`,
    orientations: 'Le schéma de mutualisation fixe des axes de travail et des principes de réflexion partagés entre les communes et l’intercommunalité.',
    sharedServices: 'Des services communs ont été créés et développés dans le cadre du schéma : leurs dates de création, leur périmètre et les conventions qui les fondent sont rappelés ci-dessous.',
    governance: 'Les instances de gouvernance suivent la mise en œuvre des conventions de mutualisation ; les approbations de chaque assemblée sont rappelées ci-dessous.',
    purchasing: 'La constitution de groupements de commandes permet de recourir à un prestataire commun, dans un objectif d’économie et de rationalisation.',
    offers: 'Différentes actions ont été menées à destination des communes membres.',
    convergence: 'Une démarche de convergence des outils et des méthodes est engagée sur le périmètre des ressources.',
    finances: 'Le coût des services communs est réparti entre leurs membres selon les conventions ; les montants ci-dessous sont ceux des calculs de refacturation validés.',
  };
}

/** Every section's narrative for the year: its own text, else the latest earlier year's, else the default. */
export async function reportNarratives(db: Database, ctx: TerritoryContext, year: number): Promise<Narrative[]> {
  const yearProblem = checkYear(year);
  if (yearProblem) throw new UserError(yearProblem, 400, 'annee');
  const overview = await territory.territoryOverview(db, ctx, yearEnd(coveredYear(year)));
  const stored = await db.transaction(scopeOf(ctx), (tx) => store.listNarratives(tx, ctx.territoryId, year));
  const defaults = defaultTexts(overview.epci.name);
  return SECTIONS.map((s) => pickNarrative(s, year, stored, defaults));
}

/** Writes one section's narrative for the year (light markup), with its audit entry. */
export async function saveNarrative(db: Database, ctx: TerritoryContext, year: number, section: string, bodyInput: string): Promise<Narrative> {
  const yearProblem = checkYear(year);
  if (yearProblem) throw new UserError(yearProblem, 400, 'annee');
  if (!isSection(section)) throw new UserError(`La partie « ${section} » n’existe pas dans le rapport.`, 404, 'section');
  const body = normalizeNarrative(bodyInput);
  const problem = checkNarrative(body);
  if (problem) throw new UserError(`Texte de la partie « ${SECTION_TITLES[section]} » : ${problem}`, 400, 'texte');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const before = await store.findNarrative(tx, ctx.territoryId, year, section);
    if (before) {
      await store.updateNarrative(tx, ctx.territoryId, before.id, body);
      await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'modification', entity: 'report_narratives', entityId: before.id, before, after: { ...before, body } }]);
    } else {
      const row = { id: newId(), year, section, body };
      await store.insertNarrative(tx, ctx.territoryId, row);
      await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'report_narratives', entityId: row.id, before: null, after: row }]);
    }
    return { section, body, origin: 'own', fromYear: year };
  });
}

async function contextBlocks(db: Database, ctx: TerritoryContext, covered: number): Promise<DataBlock[]> {
  const overview = await territory.territoryOverview(db, ctx, yearEnd(covered));
  const summary = await poolingSchemeSummary(db, ctx, yearEnd(covered));
  const territoryFigures: Figure[] = [];
  const figures: Figure[] = [];
  // The register's member communes (official data carry one vintage of memberships: the register as it stands).
  const communes = (await territory.listCollectivities(db, ctx)).filter((c) => c.kind === 'commune');
  if (communes.length > 0) territoryFigures.push(figure(`Communes membres de ${overview.epci.name} : ${formatInteger(communes.length)}.`, communes.map((c) => c.name), '/communes'));
  if (summary) {
    const s = summary.scheme;
    if (s.adoptedOn) figures.push(figure(`Adoption du schéma de mutualisation : ${legal(s.adoptedOn.value, s.adoptedOn.precision)}${s.adoptingBody ? `, par le ${s.adoptingBody}` : ''}.`, [s.title], '/schema'));
    if (s.principles.length > 0) figures.push(figure(`Principes du schéma : ${frenchList(s.principles)}.`, [], '/schema'));
    const t = summary.consultation.tally;
    if (t.consulted > 0)
      figures.push(
        figure(
          `Avis des communes sur le schéma : ${counted(t.consulted, 'commune consultée', 'communes consultées')}, ${counted(t.favourable, 'avis favorable exprès', 'avis favorables exprès')}, ${counted(t.tacitFavourable, 'avis favorable tacite', 'avis favorables tacites')} (silence gardé trois mois, CGCT L5211-39-1), ${counted(t.unfavourable, 'avis défavorable', 'avis défavorables')}.`,
          summary.consultation.opinions.map((o) => o.name),
          '/schema',
        ),
      );
  }
  return [block('Le territoire', 'Registre des collectivités', { figures: territoryFigures }), block('Le schéma de mutualisation', 'Schéma de mutualisation', { figures })];
}

async function orientationBlocks(db: Database, ctx: TerritoryContext, covered: number): Promise<DataBlock[]> {
  const summary = await poolingSchemeSummary(db, ctx, yearEnd(covered));
  if (!summary) return [block('Les orientations et leurs actions', 'Schéma de mutualisation', {})];
  const figures = summary.orientations.map((o) => {
    const statuses = ACTION_STATUSES.filter((s) => o.counts.byStatus[s] > 0).map((s) => `${ACTION_STATUS_LABELS[s].toLowerCase()} : ${formatInteger(o.counts.byStatus[s])}`);
    return figure(`Orientation ${o.number} — ${o.text} : ${counted(o.counts.total, 'action', 'actions')}${statuses.length > 0 ? ` (${statuses.join(', ')})` : ''}.`, o.actions.map((a) => `${a.title} (${ACTION_STATUS_LABELS[a.status]})`), '/schema');
  });
  const actions = [...summary.orientations.flatMap((o) => o.actions.map((a) => ({ a, n: String(o.number) }))), ...summary.otherActions.map((a) => ({ a, n: '—' }))];
  const table: DocumentTable = {
    title: 'Actions du schéma',
    columns: [auto('Orientation'), { ...text('Action'), width: 'fill' }, auto('État'), auto('Début'), auto('Réalisée')],
    rows: actions.map(({ a, n }) => [n, a.title, ACTION_STATUS_LABELS[a.status], a.startedOn ? formatLegalDate(a.startedOn) : null, a.completedOn ? formatLegalDate(a.completedOn) : null]),
  };
  return [block('Les orientations et leurs actions', 'Schéma de mutualisation', { figures, tables: [table] })];
}

const approvalText = (a: ReportService['agreements'][number]['approvals'][number]) => `${a.collectivity} (${a.body}) le ${formatLongDate(a.approvedOn)}${a.deliberationReference ? `, délibération ${a.deliberationReference}` : ''}`;
const agreementSentence = (a: ReportService['agreements'][number]) =>
  `Convention ${a.reference} — ${a.object} : approuvée par ${a.approvals.length > 0 ? frenchList(a.approvals.map(approvalText)) : 'aucune assemblée'}${a.inForceOn ? ` ; en vigueur le ${formatLongDate(a.inForceOn)}` : ''}${a.missing.length > 0 ? ` ; approbation attendue de ${frenchList(a.missing)}` : ''}.`;

async function sharedServiceBlocks(db: Database, ctx: TerritoryContext, covered: number): Promise<{ services: DataBlock[]; governance: DataBlock[] }> {
  const r = await sharedServicesForReport(db, ctx, covered);
  const services = r.services.filter((s) => s.service.createdOn !== null && s.service.createdOn <= yearEnd(covered));
  const serviceFigures = services.map((s) => {
    const created = s.service.createdOn ? legal(s.service.createdOn, s.service.createdOnPrecision as LegalDate['precision']) : 'date inconnue';
    return figure(`${s.service.name} : service commun créé ${created.startsWith('le ') ? created : `en ${created}`}, géré par ${s.service.managingName} ; périmètre en ${covered} : ${s.scope.length > 0 ? frenchList(s.scope) : 'aucun membre'}.`, s.scope, '/conventions');
  });
  const table: DocumentTable = {
    title: `Services communs au 31 décembre ${covered}`,
    columns: [{ ...text('Service commun'), width: 'fill' }, auto('Création'), auto('Gestionnaire'), { header: 'Membres', kind: 'integer' }, auto('ETP')],
    rows: services.map((s) => [s.service.name, s.service.createdOn ? formatLegalDate({ value: s.service.createdOn, precision: s.service.createdOnPrecision as LegalDate['precision'] }) : null, s.service.managingName, s.scope.length, s.staffFte > 0 ? s.staffFte.toLocaleString('fr-FR') : null]),
  };
  const agreementFigures = services.flatMap((s) => s.agreements.map((a) => figure(agreementSentence(a), a.approvals.map(approvalText), '/conventions')));
  const general = r.general.map((a) => figure(agreementSentence(a), a.approvals.map(approvalText), '/conventions'));
  return {
    services: [
      block('Les services communs, leurs dates et leur périmètre', 'Services mutualisés', { figures: serviceFigures, tables: [table] }),
      block('Les conventions et les approbations de chaque assemblée', 'Conventions de mutualisation', { figures: agreementFigures }),
    ],
    governance: [block('Les conventions générales de mutualisation', 'Conventions de mutualisation', { figures: general })],
  };
}

function purchasingFigures(s: ProcurementYearStatistics): Figure[] {
  return FIGURE_KEYS.filter((k) => s[k].value > 0 && k !== 'contractsFromEpciCoordinatedGroups' && !(k === 'contractsNotified' && s.contractsNotified.value === s.contractsFromGroups.value)).map((k) => {
    const f = s[k];
    const rows = f.rows.map((row) => ('reference' in row ? `${row.reference} — ${row.object}` : row.name));
    return figure(`${FIGURE_LABELS[k]} en ${s.year} : ${formatInteger(f.value)}.`, rows, `/achats/statistiques?annee=${s.year}`, f.rule);
  });
}

async function purchasingBlocks(db: Database, ctx: TerritoryContext, covered: number): Promise<DataBlock[]> {
  const years: ProcurementYearStatistics[] = [];
  for (let y = covered - 9; y <= covered; y++) {
    const s = await procurementYearStatistics(db, ctx, y);
    if (FIGURE_KEYS.some((k) => s[k].value > 0)) years.push(s);
  }
  const figures = years.flatMap((s) => {
    const own = purchasingFigures(s);
    if (s.groupsCoordinatedByEpci.value > 0 && s.contractsFromEpciCoordinatedGroups.value > 0)
      own.push(figure(`Marchés signés en ${s.year} dans les groupements coordonnés par l’EPCI : ${formatInteger(s.contractsFromEpciCoordinatedGroups.value)}.`, s.contractsFromEpciCoordinatedGroups.rows.map((r) => `${r.reference} — ${r.object}`), `/achats/statistiques?annee=${s.year}`, s.contractsFromEpciCoordinatedGroups.rule));
    return own;
  });
  const table: DocumentTable = {
    title: 'Groupements de commandes et marchés par année',
    columns: [{ ...text('Indicateur'), width: 'fill' }, ...years.map((s) => ({ header: String(s.year), kind: 'integer' as const }))],
    rows: years.length === 0 ? [] : FIGURE_KEYS.map((k) => [FIGURE_LABELS[k], ...years.map((s) => s[k].value)]),
  };
  const chart: BarChartSpec | null =
    years.length === 0
      ? null
      : {
          title: 'Groupements de commandes et marchés par année',
          categoryHeader: 'Année',
          categories: years.map((s) => String(s.year)),
          series: [
            { name: 'Groupements conclus', values: years.map((s) => s.groupsConcluded.value) },
            { name: 'Marchés issus des groupements', values: years.map((s) => s.contractsFromGroups.value) },
            { name: 'Marchés des directions mutualisées', values: years.map((s) => s.contractsBySharedDirections.value) },
          ],
        };
  return [block('Les groupements de commandes par année', 'Achats groupés', { figures, tables: [table], chart })];
}

async function offerBlocks(db: Database, ctx: TerritoryContext, covered: number): Promise<DataBlock[]> {
  const indicators = await catalogueYearIndicators(db, ctx, covered);
  const figures = indicators.offers
    .filter((o) => o.figures.some((f) => f.value > 0))
    .map((o) =>
      figure(
        `${o.title} en ${covered} — ${o.figures
          .filter((f) => f.value > 0)
          .map((f) => `${f.label} : ${formatInteger(f.value)}`)
          .join(' ; ')}.`,
        o.figures.filter((f) => f.value > 0).map((f) => `${f.label} : ${INDICATOR_RULES[f.key]}`),
        `/catalogue/indicateurs?annee=${covered}`,
      ),
    );
  const aids = (await obtainedAids(db, ctx)).filter((a) => a.year <= covered && a.year >= covered - 4);
  const bySchemeYear = new Map<string, { scheme: string; year: number; names: string[] }>();
  for (const a of aids) {
    const key = `${a.schemeName}|${a.year}`;
    const entry = bySchemeYear.get(key) ?? { scheme: a.schemeName, year: a.year, names: [] };
    entry.names.push(a.collectivityName);
    bySchemeYear.set(key, entry);
  }
  const aidFigures = [...bySchemeYear.values()]
    .sort((a, b) => a.scheme.localeCompare(b.scheme, 'fr') || a.year - b.year)
    .map((e) => {
      const names = [...e.names].sort((x, y) => x.localeCompare(y, 'fr'));
      return figure(`${e.scheme} — ${counted(names.length, 'lauréat', 'lauréats')} en ${e.year} : ${frenchList(names)}.`, names, `/financements?annee=${e.year}`);
    });
  const aidTable: DocumentTable = {
    title: 'Aides obtenues par les communes',
    columns: [auto('Année'), { ...text('Dispositif'), width: 'fill' }, auto('Bénéficiaire'), { header: 'Montant', kind: 'cents' }],
    rows: aids.map((a) => [String(a.year), a.schemeName, a.collectivityName, a.amountCents]),
  };
  return [
    block(`Les offres de services aux communes en ${covered}`, 'Catalogue de services aux communes', { figures }),
    block('Les lauréats des appels à projets', 'Aides financières', { figures: aidFigures, tables: [aidTable] }),
  ];
}

async function convergenceBlocks(db: Database, ctx: TerritoryContext, covered: number): Promise<DataBlock[]> {
  const t = await convergenceTable(db, ctx, covered);
  if (t.projectCount === 0) return [block('Le tableau des projets communs', 'Projets de convergence', {})];
  const title = (p: { title: string; tool: string | null }) => (p.tool && !p.title.includes(p.tool) ? `${p.title} (${p.tool})` : p.title);
  const table: DocumentTable = {
    title: `Projets communs de convergence jusqu’en ${covered}`,
    columns: [text('Convergence'), ...t.periods.map((p) => text(p))],
    rows: t.rows.map((r) => [r.label, ...r.cells.map((c) => (c.projects.length === 0 ? null : c.projects.map((p) => `• ${title(p)}`).join('\n')))]),
  };
  const figures = t.rows.flatMap((r) =>
    r.cells
      .filter((c) => c.projects.length > 0)
      .map((c) =>
        figure(
          `${r.label}, ${c.period} : ${frenchList(c.projects.map(title))}.`,
          c.projects.map((p) => `${title(p)} — ${PROJECT_STATUS_LABELS[p.status]}${(t.participants[p.id] ?? []).length > 0 ? ` (${counted((t.participants[p.id] ?? []).length, 'participant', 'participants')})` : ''}`),
          '/convergence',
        ),
      ),
  );
  return [block('Le tableau des projets communs', 'Projets de convergence', { figures: [figure(`Projets communs de convergence engagés jusqu’en ${covered} : ${formatInteger(t.projectCount)}.`, [], '/convergence'), ...figures], tables: [table] })];
}

async function financeBlocks(db: Database, ctx: TerritoryContext, covered: number): Promise<DataBlock[]> {
  const runs = (await listRuns(db, ctx, null)).filter((r) => r.status === 'validated' && r.year <= covered && r.year >= covered - 4);
  // One run per year: the final one when there is one, else the latest provisional; the highest version wins.
  const byYear = new Map<number, (typeof runs)[number]>();
  for (const r of runs) {
    const kept = byYear.get(r.year);
    const better = !kept || (r.phase === 'final' && kept.phase !== 'final') || (r.phase === kept.phase && r.version > kept.version);
    if (better) byYear.set(r.year, r);
  }
  const chosen = [...byYear.values()].sort((a, b) => a.year - b.year);
  if (chosen.length === 0) return [block('La refacturation des services communs', 'Refacturation', {})];
  const services = new Map((await sharedServicesForReport(db, ctx, covered)).services.map((s) => [s.service.id, s.service.name]));
  const names = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c.name]));
  const serviceIds = [...new Set(chosen.flatMap((r) => r.services.map((s) => s.serviceId)))].sort((a, b) => (services.get(a) ?? '').localeCompare(services.get(b) ?? '', 'fr'));
  const charged = (r: (typeof chosen)[number], serviceId: string) => r.services.find((s) => s.serviceId === serviceId)?.chargedCents ?? 0;
  const byService: DocumentTable = {
    title: 'Montants refacturés par service commun et par année',
    columns: [{ ...text('Service commun'), width: 'fill' }, ...chosen.map((r) => ({ header: String(r.year), kind: 'cents' as const }))],
    rows: serviceIds.map((id) => [services.get(id) ?? '—', ...chosen.map((r) => charged(r, id))]),
    footer: ['Total', ...chosen.map((r) => r.services.reduce((n, s) => n + s.chargedCents, 0))],
  };
  const last = chosen.at(-1)!;
  const totals = await runTotals(db, ctx, last.id, EVERYONE);
  const perCollectivity = [...totals.byParticipant.entries()].map(([id, m]) => ({ name: names.get(id) ?? '—', cents: [...m.values()].reduce((a, b) => a + b, 0) })).sort((a, b) => b.cents - a.cents || a.name.localeCompare(b.name, 'fr'));
  const byCollectivity: DocumentTable = {
    title: `Montants refacturés en ${last.year} par membre`,
    columns: [{ ...text('Membre'), width: 'fill' }, { header: String(last.year), kind: 'cents' }],
    rows: perCollectivity.map((p) => [p.name, p.cents]),
  };
  const figures = chosen.map((r) =>
    figure(
      `Montant refacturé au titre de ${r.year} (calcul ${r.phase === 'final' ? 'définitif' : 'provisoire'} n° ${r.version}, validé) : ${formatCents(r.services.reduce((n, s) => n + s.chargedCents, 0))} pour ${counted(r.services.length, 'service commun', 'services communs')}.`,
      r.services.map((s) => `${services.get(s.serviceId) ?? '—'} : ${formatCents(s.chargedCents)}`),
      `/refacturation?annee=${r.year}`,
    ),
  );
  const chart: BarChartSpec = {
    title: 'Montants refacturés par année (en euros)',
    categoryHeader: 'Année',
    categories: chosen.map((r) => String(r.year)),
    series: [{ name: 'Montant refacturé (€)', values: chosen.map((r) => Math.round(r.services.reduce((n, s) => n + s.chargedCents, 0) / 100)) }],
  };
  return [block('La refacturation des services communs', 'Refacturation', { figures, tables: [byService, byCollectivity], chart })];
}

/** The year's report: every section with its narrative and its data blocks, computed from the modules at each call. */
export async function yearReport(db: Database, ctx: TerritoryContext, year: number): Promise<YearReport> {
  const narratives = await reportNarratives(db, ctx, year);
  const covered = coveredYear(year);
  const overview = await territory.territoryOverview(db, ctx, yearEnd(covered));
  const shared = await sharedServiceBlocks(db, ctx, covered);
  const blocks: Record<Section, DataBlock[]> = {
    context: await contextBlocks(db, ctx, covered),
    orientations: await orientationBlocks(db, ctx, covered),
    sharedServices: shared.services,
    governance: shared.governance,
    purchasing: await purchasingBlocks(db, ctx, covered),
    offers: await offerBlocks(db, ctx, covered),
    convergence: await convergenceBlocks(db, ctx, covered),
    finances: await financeBlocks(db, ctx, covered),
  };
  return {
    territoryName: overview.epci.name,
    year,
    coveredYear: covered,
    sections: SECTIONS.map((section) => ({ section, number: SECTION_NUMBERS[section], title: SECTION_TITLES[section], narrative: narratives.find((n) => n.section === section)!, blocks: blocks[section] })),
  };
}
