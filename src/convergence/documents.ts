import { makeTable, tableToCsv, tableToXlsx, type DocumentTable } from '../platform/documents/index.ts';
import { formatLegalDate } from '../platform/format.ts';
import { CATEGORY_LABELS, PROJECT_STATUS_LABELS, periodLabel, periodOf, type ConvergenceProject } from './model.ts';
import type { ConvergenceTableView } from './service.ts';

/** "Déploiement du logiciel de gestion financière (CORIOLIS)": the title, and the tool when the title does not name it. */
export function projectLabel(project: Pick<ConvergenceProject, 'title' | 'tool'>): string {
  return project.tool && !project.title.toLowerCase().includes(project.tool.toLowerCase()) ? `${project.title} (${project.tool})` : project.title;
}

/** The report's table as a flat list, one line per project, in the table's order (category, then period). */
export function convergenceDocumentTable(table: ConvergenceTableView): DocumentTable {
  const lines = table.rows.flatMap((row) => row.cells.flatMap((cell) => cell.projects));
  return makeTable<ConvergenceProject>(
    `Projets de convergence jusqu'en ${table.throughYear}`,
    [
      { header: 'Catégorie', kind: 'text', value: (p) => CATEGORY_LABELS[p.category] },
      { header: 'Période', kind: 'text', width: 'auto', value: (p) => periodLabel(periodOf(p)) },
      { header: 'Projet', kind: 'text', value: (p) => projectLabel(p) },
      { header: 'Début', kind: 'text', width: 'auto', value: (p) => formatLegalDate(p.startedOn) },
      { header: 'Fin', kind: 'text', width: 'auto', value: (p) => (p.endedOn ? formatLegalDate(p.endedOn) : null) },
      { header: 'État', kind: 'text', width: 'auto', value: (p) => PROJECT_STATUS_LABELS[p.status] },
      { header: 'Participants', kind: 'text', value: (p) => (table.participants[p.id] ?? []).map((x) => x.name).join(', ') || null },
    ],
    lines,
  );
}

export async function convergenceFile(table: ConvergenceTableView, type: 'csv' | 'xlsx', date: string): Promise<Uint8Array> {
  const doc = convergenceDocumentTable(table);
  return type === 'csv' ? tableToCsv(doc) : tableToXlsx(doc, { date });
}
