import type * as ExcelJS from 'exceljs';
import { CsvError, normalizeHeader, parseCsv, type CsvRecord, type CsvTable } from './csv.ts';
import { UserError } from './http/errors.ts';

/** One located problem of an import file: the line (the header is line 1), the column, what is wrong. */
export interface ImportProblem {
  readonly line: number;
  readonly column: string;
  readonly message: string;
}

/** Thrown when an import file has problems: every one of them, located; nothing was written. */
export class ImportError extends UserError {
  constructor(readonly problems: readonly ImportProblem[]) {
    const first = problems[0];
    super(
      `Import refusé, rien n'a été enregistré : ${problems.length} erreur(s).` + (first ? ` Ligne ${first.line}, colonne « ${first.column} » : ${first.message}` : ''),
      422,
      first?.column,
    );
  }
}

/** The lines of ImportError.problems as a CLI or a page prints them. */
export function describeProblems(problems: readonly ImportProblem[]): string[] {
  return problems.map((p) => `Ligne ${p.line}${p.column ? `, colonne « ${p.column} »` : ''} : ${p.message}`);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** True when the bytes are an XLSX workbook (a zip archive), whatever the file is called. */
export function isXlsx(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Reads a table the way finance staff hand it over: a CSV (UTF-8, ';' or ',') or the first sheet of an
 * XLSX workbook. Headers are normalized as parseCsv does; every cell becomes text (numbers with a dot,
 * dates as AAAA-MM-JJ) so one validation serves both formats. Problems throw ImportError, line 1.
 */
export async function readTable(bytes: Uint8Array): Promise<CsvTable> {
  if (isXlsx(bytes)) return readXlsx(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError([{ line: 1, column: '', message: "Le fichier n'est ni un classeur XLSX ni un CSV encodé en UTF-8 : enregistrez-le en « CSV UTF-8 » ou en XLSX." }]);
  }
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw new ImportError([{ line: error.line ?? 1, column: '', message: error.message }]);
    throw error;
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'string') return value.trim();
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
  if ('text' in value) return String(value.text).trim();
  return '';
}

async function readXlsx(bytes: Uint8Array): Promise<CsvTable> {
  // exceljs takes ~0.3 s to load: only when a workbook is first made or read.
  const { Workbook } = (await import('exceljs')).default;
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new ImportError([{ line: 1, column: '', message: 'Le classeur XLSX est illisible (fichier endommagé ou tronqué).' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new ImportError([{ line: 1, column: '', message: 'La première feuille du classeur est vide : sa première ligne doit contenir les noms des colonnes.' }]);
  const header = sheet.getRow(1);
  const columns: string[] = [];
  for (let c = 1; c <= header.cellCount; c++) columns.push(normalizeHeader(cellText(header.getCell(c).value)));
  const records: CsvRecord[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values: Record<string, string> = {};
    let empty = true;
    columns.forEach((column, i) => {
      const text = cellText(row.getCell(i + 1).value);
      if (text !== '') empty = false;
      values[column] = text;
    });
    if (!empty) records.push({ line: r, values });
  }
  return { columns, records };
}
