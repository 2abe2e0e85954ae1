import { afterAll, describe, expect, it } from 'vitest';
import { closePdfWorkers, renderPdf, templatePath } from './pdf.ts';
import { makeTable, tableForTypst, type DocumentTable } from './table.ts';
import { tableToCsv, tableToXlsx } from './spreadsheets.ts';
import { tableToDocx } from './word.ts';
import { renderBarChart } from './charts.ts';
import { contentDisposition, fileSlug } from './http.ts';
import { docxText, pdfFonts, pdfText, xlsxRows } from './testing.ts';
import { parseCsv } from '../csv.ts';
import { formatCents } from '../format.ts';

const fixture = (name: string) => templatePath(import.meta.url, `fixtures/${name}`);
// A name made of Typst markup: it must print literally, never be read as code.
const HOSTILE = '#import "/etc/passwd": * ] $x$ *gras* _it_ \\ @ref <l> // rien';

interface Line {
  readonly name: string;
  readonly amount: number;
  readonly on: string;
  readonly count: number;
}
const lines: Line[] = [
  { name: 'Saint-Étienne', amount: 123_456_789, on: '2020-01-27', count: 172_569 },
  { name: HOSTILE, amount: -5, on: '2019-12-31', count: 0 },
  { name: '=HYPERLINK("x")', amount: 0, on: '2020-02-04', count: 1 },
];
const table: DocumentTable = makeTable(
  'Essai : tableau / [1]',
  [
    { header: 'Nom', kind: 'text', value: (l: Line) => l.name },
    { header: 'Montant', kind: 'cents', value: (l) => l.amount },
    { header: 'Date', kind: 'date', value: (l) => l.on },
    { header: 'Nombre', kind: 'integer', value: (l) => l.count },
  ],
  lines,
  ['Total', 123_456_784, null, 172_570],
);

const sample = (extra: Record<string, unknown> = {}) =>
  renderPdf(fixture('sample.typ'), { collectivity: 'Saint-Étienne Métropole', title: 'Essai', dateText: '27 janvier 2020', name: HOSTILE, table: tableForTypst(table), ...extra }, { date: '2020-01-27' });

describe('PDF with Typst', () => {
  afterAll(() => closePdfWorkers());

  it('prints data literally, however much it looks like Typst markup, with French amounts and page numbers', async () => {
    const text = pdfText(await sample());
    expect(text).toContain(`Nom : ${HOSTILE}`);
    expect(text).toContain('1 234 567,89 €');
    expect(text).toContain('−0,05 €');
    expect(text).toContain('27/01/2020');
    expect(text).toMatch(/Total\s+1 234 567,84 €\s+172 570/);
    expect(text).toContain('page 1 / 1');
  });

  it('gives the same bytes for the same data, in the same worker and in a fresh one', async () => {
    const first = await sample();
    const again = await sample();
    await closePdfWorkers();
    const fresh = await sample();
    expect(Buffer.compare(first, again)).toBe(0);
    expect(Buffer.compare(first, fresh)).toBe(0);
    expect(Buffer.compare(first, await sample({ name: 'autre' }))).not.toBe(0);
  });

  it('writes the document date, not the current time, in the metadata', async () => {
    const pdf = Buffer.from(await sample()).toString('latin1');
    expect(pdf).toMatch(/CreationDate\s*\(D:20200127/);
    expect(pdf).not.toContain(`D:${new Date().getUTCFullYear()}${String(new Date().getUTCMonth() + 1).padStart(2, '0')}${String(new Date().getUTCDate()).padStart(2, '0')}`);
  });

  it('uses the project fonts only: a system font asked by name is not found', async () => {
    expect(pdfFonts(await sample())).toEqual(['SourceSans3-Bold', 'SourceSans3-Regular', 'SourceSans3-Semibold']);
    const fonts = pdfFonts(await renderPdf(fixture('system-font.typ'), {}, { date: '2020-01-27' }));
    expect(fonts.some((f) => /dejavu/i.test(f))).toBe(false);
  });

  it('embeds an ECharts chart in the same typeface', async () => {
    const chart = renderBarChart({ title: 'Population', categoryHeader: 'Commune', categories: ['Saint-Étienne', 'Firminy'], series: [{ name: 'Habitants', values: [172_569, 17_128] }], horizontal: true }, { width: 500, height: 200 });
    expect(chart.svg).toMatch(/^<svg/);
    expect(chart.svg).toContain('Source Sans 3');
    expect(chart.table.rows).toEqual([
      ['Saint-Étienne', 172_569],
      ['Firminy', 17_128],
    ]);
    const text = pdfText(await sample({ chart: chart.svg }));
    expect(text).toContain('Saint-Étienne');
    expect(text).toContain('172 569');
  });

  it('rejects a broken template with Typst’s message, and keeps working after', async () => {
    await expect(renderPdf(fixture('broken.typ'), {}, { date: '2020-01-27' })).rejects.toThrow(/Typst/);
    await expect(renderPdf('/etc/passwd', {}, { date: '2020-01-27' })).rejects.toThrow(/hors du projet/);
    expect(pdfText(await sample())).toContain('Essai');
  });

  it('compiles several documents at once through the queue', async () => {
    const pdfs = await Promise.all([1, 2, 3, 4].map((n) => sample({ name: `document ${n}` })));
    pdfs.forEach((pdf, i) => expect(pdfText(pdf)).toContain(`Nom : document ${i + 1}`));
  });
});

describe('tables as CSV, XLSX and DOCX', () => {
  it('writes a French CSV (BOM, semicolons, decimal comma) that reads back, with formulas neutralized', () => {
    const bytes = tableToCsv(table);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toBe('Nom;Montant;Date;Nombre');
    const parsed = parseCsv(text);
    expect(parsed.records.map((r) => r.values)).toEqual([
      { nom: 'Saint-Étienne', montant: '1234567,89', date: '27/01/2020', nombre: '172569' },
      { nom: HOSTILE, montant: '-0,05', date: '31/12/2019', nombre: '0' },
      { nom: `'=HYPERLINK("x")`, montant: '0,00', date: '04/02/2020', nombre: '1' },
      { nom: 'Total', montant: '1234567,84', date: '', nombre: '172570' },
    ]);
  });

  it('writes an XLSX with numbers, euros with 2 decimals in a euro format, and dates', async () => {
    const bytes = await tableToXlsx(table, { date: '2020-01-27' });
    const [sheet] = await xlsxRows(bytes);
    expect(sheet!.sheet).toBe('Essai   tableau    1 ');
    expect(sheet!.rows[1]).toEqual(['Saint-Étienne', 1_234_567.89, new Date('2020-01-27T00:00:00Z'), 172_569]);
    expect(sheet!.rows[4]).toEqual(['Total', 1_234_567.84, null, 172_570]);
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getCell('B2').numFmt).toContain('€');
    expect(workbook.created.toISOString()).toBe('2020-01-27T12:00:00.000Z');
  });

  it('writes a DOCX whose text holds the title and formatted cells', async () => {
    const text = await docxText(await tableToDocx(table, { collectivity: 'Saint-Étienne Métropole', title: 'Essai' }));
    expect(text).toContain('Saint-Étienne Métropole');
    expect(text).toContain(formatCents(123_456_789));
    expect(text).toContain(HOSTILE);
  });
});

describe('sending documents', () => {
  it('names the file in ASCII and in UTF-8 (RFC 6266)', () => {
    expect(contentDisposition('communes-Saint-Étienne "1".pdf')).toBe(`attachment; filename="communes-Saint-Etienne _1_.pdf"; filename*=UTF-8''communes-Saint-%C3%89tienne%20%221%22.pdf`);
    expect(fileSlug('Saint-Étienne Métropole')).toBe('saint-etienne-metropole');
  });
});
