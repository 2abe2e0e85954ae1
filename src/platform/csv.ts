import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** Line number in the file (the header is line 1). */
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface CsvTable {
  readonly columns: readonly string[];
  readonly records: readonly CsvRecord[];
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Lower-case, accents and spaces folded: "Code INSEE" ~ "code_insee". */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Parses a CSV file as French spreadsheets export it: UTF-8 (with or without BOM), ';' or ',' separator
 * (guessed from the header), quoted fields. Headers are normalized.
 */
export function parseCsv(text: string): CsvTable {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.trim()) throw new CsvError('Le fichier est vide : la première ligne doit contenir les noms des colonnes.', 1);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let rows: string[][];
  try {
    rows = parse(clean, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new CsvError(`Le fichier CSV est mal formé${line ? ` (ligne ${line})` : ''} : vérifiez les guillemets et les séparateurs.`, line);
  }
  const [header, ...body] = rows;
  const columns = (header ?? []).map(normalizeHeader);
  const records: CsvRecord[] = [];
  // skip_empty_lines keeps line numbers aligned only if we count from the raw lines: recompute them.
  const lineNumbers = dataLineNumbers(clean);
  body.forEach((cells, index) => {
    const values: Record<string, string> = {};
    columns.forEach((column, i) => {
      values[column] = cells[i] ?? '';
    });
    records.push({ line: lineNumbers[index] ?? index + 2, values });
  });
  return { columns, records };
}

/** Line numbers of the non-empty data lines (approximation that ignores quoted newlines). */
function dataLineNumbers(text: string): number[] {
  const out: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (i > 0 && line.trim() !== '') out.push(i + 1);
  });
  return out;
}
