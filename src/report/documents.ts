import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { FONT_FAMILY, formatCell, fileSlug, renderBarChart, renderPdf, tableForTypst, templatePath, type Cell, type DocumentTable } from '../platform/documents/index.ts';
import { formatLongDate } from '../platform/format.ts';
import { parseMarkup, PART_V_TITLE, type MarkupBlock, type Run } from './model.ts';
import { NO_DATA, type YearReport } from './service.ts';

export const REPORT_DOCUMENT_TYPES = ['pdf', 'docx'] as const;
export type ReportDocumentType = (typeof REPORT_DOCUMENT_TYPES)[number];

const title = (r: YearReport) => `Rapport d’avancement ${r.year} du schéma de mutualisation`;
const presentation = (r: YearReport) => `Communication du président à l’organe délibérant (article L5211-39-1 du code général des collectivités territoriales), rapport ${r.year}.`;
const coverage = (r: YearReport) => `Les chiffres couvrent les données enregistrées jusqu’au 31 décembre ${r.coveredYear}.`;
const heading = (s: YearReport['sections'][number]) => `${s.number}. ${s.title}`;

export function reportFilename(r: YearReport, type: ReportDocumentType): string {
  return `rapport-mutualisation-${r.year}-${fileSlug(r.territoryName)}.${type}`;
}

/** The year's report as a typeset PDF (title page, contents, numbered sections, tables, charts as SVG). */
export async function reportPdf(r: YearReport, today: string): Promise<Uint8Array> {
  let partVOpened = false;
  const sections = r.sections.map((s) => {
    const inV = s.number.startsWith('V.');
    const partV = inV && !partVOpened;
    if (inV) partVOpened = true;
    return {
      heading: heading(s),
      level: inV ? 2 : 1,
      partV,
      narrative: parseMarkup(s.narrative.body),
      blocks: s.blocks.map((b) => {
        const chart = b.chart ? renderBarChart(b.chart, { width: 640, height: 260 }) : null;
        return { title: b.title, source: b.source, empty: b.empty, figures: b.figures.map((f) => f.sentence), tables: b.tables.map((t) => ({ title: t.title, table: tableForTypst(t) })), chartSvg: chart?.svg ?? null, chartTitle: b.chart?.title ?? null };
      }),
    };
  });
  return renderPdf(
    templatePath(import.meta.url, 'report.typ'),
    { territoryName: r.territoryName, title: title(r), subtitle: `Année ${r.coveredYear} — rapport présenté en ${r.year}`, dateText: `édité le ${formatLongDate(today)}`, presentation: presentation(r), coverage: coverage(r), partVTitle: `V. ${PART_V_TITLE}`, noData: NO_DATA, sections },
    { date: today },
  );
}

const docxRuns = (runs: readonly Run[]) => runs.map((x) => new TextRun({ text: x.text, bold: x.bold }));
const docxBlocks = (blocks: readonly MarkupBlock[]): Paragraph[] =>
  blocks.flatMap((b) => (b.kind === 'paragraph' ? [new Paragraph({ children: docxRuns(b.runs), spacing: { after: 120 } })] : b.items.map((i) => new Paragraph({ children: docxRuns(i), bullet: { level: 0 } }))));

function docxTable(t: DocumentTable): (Paragraph | Table)[] {
  const row = (cells: readonly Cell[], bold: boolean, blank: string) =>
    new TableRow({
      children: cells.map(
        (cell, i) =>
          new TableCell({
            children: (cell === null ? blank : formatCell(t.columns[i]?.kind ?? 'text', cell)).split('\n').map((line) => new Paragraph({ alignment: t.columns[i]?.kind === 'text' ? AlignmentType.LEFT : AlignmentType.RIGHT, children: [new TextRun({ text: line, bold, size: 18 })] })),
          }),
      ),
    });
  return [
    new Paragraph({ children: [new TextRun({ text: t.title, bold: true })], spacing: { before: 120 } }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [new TableRow({ tableHeader: true, children: t.columns.map((c) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: c.header, bold: true, size: 18 })] })] })) }), ...t.rows.map((x) => row(x, false, '—')), ...(t.footer ? [row(t.footer, true, '')] : [])],
    }),
  ];
}

/** The same report as an editable Word document (charts come as their data tables). */
export async function reportDocx(r: YearReport): Promise<Uint8Array> {
  let partVOpened = false;
  const body = r.sections.flatMap((s) => {
    const inV = s.number.startsWith('V.');
    const opening = inV && !partVOpened ? [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`V. ${PART_V_TITLE}`)] })] : [];
    if (inV) partVOpened = true;
    return [
      ...opening,
      new Paragraph({ heading: inV ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_1, children: [new TextRun(heading(s))] }),
      ...docxBlocks(parseMarkup(s.narrative.body)),
      ...s.blocks.flatMap((b) => [
        new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(b.title)] }),
        ...(b.empty
          ? [new Paragraph({ children: [new TextRun({ text: `${NO_DATA} (${b.source}).`, italics: true })] })]
          : [...b.figures.map((f) => new Paragraph({ children: [new TextRun(f.sentence)], bullet: { level: 0 } })), ...b.tables.flatMap(docxTable), ...(b.chart ? docxTable(renderBarChart(b.chart, { width: 10, height: 10 }).table) : [])]),
      ]),
    ];
  });
  const document = new Document({
    creator: 'Mutualis',
    title: title(r),
    styles: { default: { document: { run: { font: FONT_FAMILY, size: 21 } } } },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ text: r.territoryName, bold: true })] }),
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title(r))] }),
          new Paragraph({ children: [new TextRun(presentation(r))] }),
          new Paragraph({ children: [new TextRun(coverage(r))] }),
          ...body,
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

export const REPORT_ANNEX_TITLE = (year: number) => `Rapport d’avancement ${year} du schéma de mutualisation`;
