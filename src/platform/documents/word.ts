import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { FONT_FAMILY } from './fonts.ts';
import { formatCell, type Cell, type DocumentTable } from './table.ts';

export interface DocxOptions {
  readonly collectivity: string;
  readonly title: string;
  readonly subtitle?: string;
}

/** An editable Word copy of a table, for those who amend a document before it is signed. */
export async function tableToDocx(table: DocumentTable, options: DocxOptions): Promise<Uint8Array> {
  const row = (cells: readonly Cell[], bold: boolean, blank = '—') =>
    new TableRow({
      tableHeader: false,
      children: cells.map(
        (cell, i) =>
          new TableCell({
            children: [
              new Paragraph({
                alignment: table.columns[i]?.kind === 'text' ? AlignmentType.LEFT : AlignmentType.RIGHT,
                children: [new TextRun({ text: cell === null ? blank : formatCell(table.columns[i]?.kind ?? 'text', cell), bold })],
              }),
            ],
          }),
      ),
    });
  const header = new TableRow({
    tableHeader: true,
    children: table.columns.map((c) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: c.header, bold: true })] })] })),
  });
  const document = new Document({
    creator: 'Mutualis',
    title: options.title,
    styles: { default: { document: { run: { font: FONT_FAMILY, size: 21 } } } },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ text: options.collectivity, bold: true })] }),
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(options.title)] }),
          ...(options.subtitle ? [new Paragraph({ children: [new TextRun(options.subtitle)] })] : []),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [header, ...table.rows.map((r) => row(r, false)), ...(table.footer ? [row(table.footer, true, '')] : [])],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
