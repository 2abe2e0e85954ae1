import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { formatInteger, formatLongDate } from '../platform/format.ts';
import { fileSlug, makeTable, renderBarChart, renderPdf, tableForTypst, tableToCsv, tableToXlsx, templatePath, type DocumentTable, type DocumentType } from '../platform/documents/index.ts';
import type { MemberCommune } from './model.ts';
import * as territory from './service.ts';

export const COMMUNE_DOCUMENT_TYPES = ['pdf', 'xlsx', 'csv'] as const satisfies readonly DocumentType[];
export type CommuneDocumentType = (typeof COMMUNE_DOCUMENT_TYPES)[number];

/** The communes list as a table: INSEE code, name, population, and the total line. */
export function communesTable(communes: readonly MemberCommune[]): DocumentTable {
  const total = communes.reduce((sum, c) => sum + (c.population ?? 0), 0);
  return makeTable(
    'Communes membres',
    [
      { header: 'Code INSEE', kind: 'text', width: 'auto', value: (c: MemberCommune) => c.inseeCode },
      { header: 'Commune', kind: 'text', value: (c) => c.name },
      { header: 'Population municipale', kind: 'integer', value: (c) => c.population },
    ],
    communes,
    [`Total (${communes.length} communes)`, null, total],
  );
}

/** The member communes on a date, as PDF, XLSX or CSV, with a file name that says whose and when. */
export async function communesDocument(db: Database, ctx: TerritoryContext, territoryName: string, on: string, type: CommuneDocumentType): Promise<CommunesFile> {
  return renderCommunes(territoryName, on, await territory.listCommunes(db, ctx, { on, sort: 'insee' }), type);
}

export interface CommunesFile {
  readonly filename: string;
  readonly type: CommuneDocumentType;
  readonly bytes: Uint8Array;
}

/** The communes list from its data alone (also used by bench/documents.ts). */
export async function renderCommunes(territoryName: string, on: string, communes: readonly MemberCommune[], type: CommuneDocumentType): Promise<CommunesFile> {
  const table = communesTable(communes);
  const filename = `communes-${fileSlug(territoryName)}-${on}.${type}`;
  if (type === 'csv') return { filename, type, bytes: tableToCsv(table) };
  if (type === 'xlsx') return { filename, type, bytes: await tableToXlsx(table, { date: on }) };
  const total = communes.reduce((sum, c) => sum + (c.population ?? 0), 0);
  const largest = [...communes].sort((a, b) => (b.population ?? 0) - (a.population ?? 0)).slice(0, 10);
  const chartTitle = `Les ${largest.length} communes les plus peuplées`;
  const chart = renderBarChart(
    { title: chartTitle, categoryHeader: 'Commune', categories: largest.map((c) => c.name), series: [{ name: 'Population municipale', values: largest.map((c) => c.population ?? 0) }], horizontal: true },
    { width: 640, height: 300 },
  );
  const bytes = await renderPdf(
    templatePath(import.meta.url, 'communes.typ'),
    {
      territoryName,
      subtitle: `Au ${formatLongDate(on)}`,
      dateText: `édité le ${formatLongDate(on)}`,
      summary: `${territoryName} regroupe ${formatInteger(communes.length)} communes membres et ${formatInteger(total)} habitants (population municipale).`,
      table: tableForTypst(table),
      chartSvg: chart.svg,
      chartTitle,
      source: 'Source : populations légales de l’INSEE (population municipale), données officielles du découpage administratif.',
    },
    { date: on },
  );
  return { filename, type, bytes };
}
