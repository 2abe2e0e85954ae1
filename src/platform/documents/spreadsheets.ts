import { stringify } from 'csv-stringify/sync';
import type * as ExcelJS from 'exceljs';
import type { Cell, ColumnKind, DocumentTable } from './table.ts';

// A text starting with one of these is a formula to a spreadsheet: prefixed with an apostrophe (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(kind: ColumnKind, cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') {
    if (kind === 'date') return cell.split('-').reverse().join('/');
    return FORMULA_START.test(cell) ? `'${cell}` : cell;
  }
  if (kind === 'cents') return (cell / 100).toFixed(2).replace('.', ',');
  return String(cell);
}

/**
 * CSV as French Excel opens it: UTF-8 with BOM, ';' separator, CRLF, decimal comma, dates dd/mm/yyyy,
 * no digit grouping (so that it reads back with src/platform/csv.ts and in any spreadsheet as numbers).
 */
export function tableToCsv(table: DocumentTable): Uint8Array {
  const kinds = table.columns.map((c) => c.kind);
  const records = [table.columns.map((c) => c.header), ...table.rows.map((r) => r.map((cell, i) => csvCell(kinds[i]!, cell)))];
  if (table.footer) records.push(table.footer.map((cell, i) => csvCell(kinds[i]!, cell)));
  return new TextEncoder().encode(`\uFEFF${stringify(records, { delimiter: ';', record_delimiter: 'windows' })}`);
}

const EURO_FORMAT = '#,##0.00\\ "€";-#,##0.00\\ "€"';

function xlsxCell(kind: ColumnKind, cell: Cell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (kind === 'cents' && typeof cell === 'number') return cell / 100;
  if (kind === 'date' && typeof cell === 'string') return new Date(`${cell.slice(0, 10)}T00:00:00Z`);
  return cell;
}

export interface XlsxOptions {
  /** YYYY-MM-DD, written as the workbook's creation date instead of "now". */
  readonly date: string;
  readonly creator?: string;
}

/** XLSX with real numbers: amounts in euros (2 decimals, euro format), integers grouped, dates as dates; frozen header. */
export async function tableToXlsx(table: DocumentTable, options: XlsxOptions): Promise<Uint8Array> {
  // exceljs takes ~0.3 s to load: only when a workbook is first made or read.
  const { Workbook } = (await import('exceljs')).default;
  const workbook = new Workbook();
  workbook.creator = options.creator ?? 'Mutualis';
  workbook.created = workbook.modified = new Date(`${options.date}T12:00:00Z`);
  // Excel limits sheet names to 31 characters without []:*?/\.
  const sheet = workbook.addWorksheet(table.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    header: c.header,
    width: c.kind === 'text' ? Math.max(12, Math.min(50, ...table.rows.map((r) => String(r[table.columns.indexOf(c)] ?? '').length + 2))) : 16,
    style: c.kind === 'cents' ? { numFmt: EURO_FORMAT } : c.kind === 'integer' ? { numFmt: '#,##0' } : c.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell, i) => xlsxCell(table.columns[i]!.kind, cell)));
  if (table.footer) sheet.addRow(table.footer.map((cell, i) => xlsxCell(table.columns[i]!.kind, cell))).font = { bold: true };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
