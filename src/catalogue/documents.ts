import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { formatInteger, formatLongDate } from '../platform/format.ts';
import { fileSlug, makeTable, renderBarChart, renderPdf, tableForTypst, tableToCsv, tableToXlsx, templatePath, type DocumentTable, type DocumentType } from '../platform/documents/index.ts';
import { catalogueYearIndicators, indicatorYears, type CatalogueYearIndicators } from './service.ts';
import { evolutionText, type IndicatorKey } from './indicators.ts';

export const INDICATOR_DOCUMENT_TYPES = ['pdf', 'xlsx', 'csv'] as const satisfies readonly DocumentType[];
export type IndicatorDocumentType = (typeof INDICATOR_DOCUMENT_TYPES)[number];

interface Line {
  readonly offer: string;
  readonly label: string;
  readonly value: number;
  readonly previous: number;
}

/** A year's indicators as one table: offer, indicator, the year, the year before, the evolution. */
export function indicatorsTable(i: CatalogueYearIndicators): DocumentTable {
  const lines: Line[] = i.offers.flatMap((o) => o.figures.map((f) => ({ offer: o.title, label: f.label, value: f.value, previous: f.previous })));
  return makeTable(
    `Catalogue de services ${i.year}`,
    [
      { header: 'Offre', kind: 'text', value: (l: Line) => l.offer },
      { header: 'Indicateur', kind: 'text', value: (l) => l.label },
      { header: String(i.year), kind: 'integer', value: (l) => l.value },
      { header: String(i.year - 1), kind: 'integer', value: (l) => l.previous },
      { header: 'Évolution', kind: 'text', width: 'auto', value: (l) => evolutionText(l.value, l.previous) },
    ],
    lines,
  );
}

const CHART_KEYS: readonly [IndicatorKey, string][] = [
  ['subscribedCommunes', 'Adhésions de communes'],
  ['peopleTrained', 'Personnes formées'],
  ['meetingsHeld', 'Réunions et événements'],
];
const total = (i: CatalogueYearIndicators, key: IndicatorKey) => i.offers.reduce((n, o) => n + (o.figures.find((f) => f.key === key)?.value ?? 0), 0);

/** A year's indicators as PDF (with the chart over the years), XLSX or CSV. */
export async function indicatorsDocument(db: Database, ctx: TerritoryContext, territoryName: string, year: number, today: string, type: IndicatorDocumentType): Promise<{ filename: string; type: IndicatorDocumentType; bytes: Uint8Array }> {
  const indicators = await catalogueYearIndicators(db, ctx, year);
  const table = indicatorsTable(indicators);
  const filename = `catalogue-${year}-${fileSlug(territoryName)}.${type}`;
  if (type === 'csv') return { filename, type, bytes: tableToCsv(table) };
  if (type === 'xlsx') return { filename, type, bytes: await tableToXlsx(table, { date: today }) };
  const all: CatalogueYearIndicators[] = [];
  for (const y of await indicatorYears(db, ctx)) all.push(y === year ? indicators : await catalogueYearIndicators(db, ctx, y));
  const chartTitle = 'Le catalogue par année';
  const chart = renderBarChart({ title: chartTitle, categoryHeader: 'Année', categories: all.map((i) => String(i.year)), series: CHART_KEYS.map(([k, name]) => ({ name, values: all.map((i) => total(i, k)) })) }, { width: 640, height: 280 });
  const bytes = await renderPdf(
    templatePath(import.meta.url, 'indicators.typ'),
    {
      territoryName,
      title: `Catalogue de services aux communes : les chiffres de ${year}`,
      subtitle: 'Offres, adhésions, comptes, formations et réseaux (rapport d’avancement du schéma de mutualisation)',
      dateText: `édité le ${formatLongDate(today)}`,
      summary: `En ${year}, ${formatInteger(total(indicators, 'subscribedCommunes'))} adhésion(s) de communes aux offres du catalogue, ${formatInteger(total(indicators, 'peopleTrained'))} personne(s) formée(s) et ${formatInteger(total(indicators, 'meetingsHeld'))} réunion(s) ou événement(s) ; chaque chiffre est calculé à partir des données enregistrées et comparé à l’année précédente.`,
      figures: tableForTypst(table),
      chartSvg: chart.svg,
      chartTitle,
      source: 'Source : adhésions, comptes, sessions de formation et réunions enregistrés dans Mutualis.',
    },
    { date: today },
  );
  return { filename, type, bytes };
}
