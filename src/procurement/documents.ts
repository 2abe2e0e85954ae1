import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { formatCents, formatInteger, formatLongDate } from '../platform/format.ts';
import { fileSlug, makeTable, renderBarChart, renderPdf, tableForTypst, tableToCsv, tableToXlsx, templatePath, type DocumentTable, type DocumentType } from '../platform/documents/index.ts';
import { procurementStatisticsByYear, type ProcurementYearStatistics } from './statistics-service.ts';
import { FIGURE_KEYS, FIGURE_LABELS, type GroupRow } from './statistics.ts';

export const STATISTICS_DOCUMENT_TYPES = ['pdf', 'xlsx', 'csv'] as const satisfies readonly DocumentType[];
export type StatisticsDocumentType = (typeof STATISTICS_DOCUMENT_TYPES)[number];

/** The year's figures as a table: each figure, its value and its counting rule; then the amounts. */
export function figuresTable(s: ProcurementYearStatistics): DocumentTable {
  const rows: { label: string; value: string; rule: string }[] = [
    ...FIGURE_KEYS.map((k) => ({ label: FIGURE_LABELS[k], value: formatInteger(s[k].value), rule: s[k].rule })),
    { label: 'Montant HT initial des marchés issus des groupements de l’année', value: formatCents(s.amountFromGroupsCents), rule: 'Somme des montants notifiés des marchés comptés ci-dessus.' },
    { label: 'Montant HT initial des marchés des directions mutualisées', value: formatCents(s.amountBySharedDirectionsCents), rule: 'Somme des montants notifiés de ces marchés.' },
  ];
  return makeTable(
    `Achats groupés ${s.year}`,
    [
      { header: 'Chiffre', kind: 'text', value: (r: (typeof rows)[number]) => r.label },
      { header: 'Valeur', kind: 'text', width: 'auto', value: (r) => r.value },
      { header: 'Règle de compte', kind: 'text', value: (r) => r.rule },
    ],
    rows,
  );
}

function groupsTable(s: ProcurementYearStatistics): DocumentTable {
  return makeTable(
    `Groupements conclus en ${s.year}`,
    [
      { header: 'Référence', kind: 'text', width: 'auto', value: (g: GroupRow) => g.reference },
      { header: 'Objet', kind: 'text', value: (g) => g.object },
      { header: 'Convention signée le', kind: 'date', value: (g) => g.signedOn },
      { header: 'Coordonnateur', kind: 'text', value: (g) => g.coordinator },
      { header: 'Membres', kind: 'integer', value: (g) => g.members },
    ],
    s.groupsConcluded.rows,
  );
}

export interface StatisticsFile {
  readonly filename: string;
  readonly type: StatisticsDocumentType;
  readonly bytes: Uint8Array;
}

/** A year's figures as PDF (with the chart and the groups counted), XLSX or CSV; null when the year has nothing to count. */
export async function statisticsDocument(db: Database, ctx: TerritoryContext, territoryName: string, year: number, today: string, type: StatisticsDocumentType): Promise<StatisticsFile | null> {
  const all = await procurementStatisticsByYear(db, ctx);
  const s = all.find((x) => x.year === year);
  if (!s) return null;
  const table = figuresTable(s);
  const filename = `achats-groupes-${year}-${fileSlug(territoryName)}.${type}`;
  if (type === 'csv') return { filename, type, bytes: tableToCsv(table) };
  if (type === 'xlsx') return { filename, type, bytes: await tableToXlsx(table, { date: today }) };
  const chartTitle = 'Groupements conclus et marchés par année';
  const chart = renderBarChart(
    {
      title: chartTitle,
      categoryHeader: 'Année',
      categories: all.map((x) => String(x.year)),
      series: [
        { name: 'Groupements conclus', values: all.map((x) => x.groupsConcluded.value) },
        { name: 'Marchés issus des groupements', values: all.map((x) => x.contractsFromGroups.value) },
        { name: 'Marchés des directions mutualisées', values: all.map((x) => x.contractsBySharedDirections.value) },
      ],
    },
    { width: 640, height: 280 },
  );
  const bytes = await renderPdf(
    templatePath(import.meta.url, 'statistics.typ'),
    {
      territoryName,
      title: `Achats groupés : les chiffres de ${year}`,
      subtitle: 'Groupements de commandes et marchés (rapport d’avancement du schéma de mutualisation)',
      dateText: `édité le ${formatLongDate(today)}`,
      summary: `En ${year}, ${formatInteger(s.groupsConcluded.value)} groupement(s) de commandes conclu(s) avec ${formatInteger(s.partnerEntities.value)} entité(s) partenaire(s), dont ${formatInteger(s.groupsCoordinatedByEpci.value)} coordonné(s) par l’EPCI ; chaque chiffre est calculé à partir des groupements et marchés enregistrés, selon la règle indiquée.`,
      figures: tableForTypst(table),
      chartSvg: chart.svg,
      chartTitle,
      groupsTitle: `Groupements conclus en ${year}`,
      groups: tableForTypst(groupsTable(s)),
      source: 'Source : groupements de commandes et marchés enregistrés dans Mutualis.',
    },
    { date: today },
  );
  return { filename, type, bytes };
}
