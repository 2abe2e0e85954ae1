// Test helpers: documents as searchable text (tests and the authorization canary checks).
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** The text of a PDF, page layout kept (Debian's poppler-utils `pdftotext -layout`). */
export function pdfText(bytes: Uint8Array): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: bytes, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}

/** The fonts a PDF embeds (`pdffonts`), e.g. ["SourceSans3-Regular", …] without the subset prefix. */
export function pdfFonts(bytes: Uint8Array): string[] {
  const out = execFileSync('pdffonts', ['-'], { input: bytes }).toString('utf8');
  return [...new Set(out.split('\n').slice(2).filter(Boolean).map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')))].sort();
}

/** Every sheet's cells as text rows ("name!A1"-free): [[sheet], [cells…], …]. */
export async function xlsxRows(bytes: Uint8Array): Promise<{ sheet: string; rows: (string | number | Date | null)[][] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: (string | number | Date | null)[][] = [];
    sheet.eachRow((row) => {
      const values = row.values as ExcelJS.CellValue[];
      // row.values is sparse and 1-based: empty cells are holes.
      rows.push(Array.from({ length: values.length - 1 }, (_, i) => (values[i + 1] ?? null) as string | number | Date | null));
    });
    return { sheet: sheet.name, rows };
  });
}

/** All cells of a workbook as one text, for searching. */
export async function xlsxText(bytes: Uint8Array): Promise<string> {
  return (await xlsxRows(bytes)).map((s) => [s.sheet, ...s.rows.map((r) => r.map((c) => (c instanceof Date ? c.toISOString() : String(c ?? ''))).join('\t'))].join('\n')).join('\n');
}

/** The text of a Word file, one paragraph a line. */
export async function docxText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Any produced file as searchable text, by its Content-Type. */
export async function documentText(contentType: string, bytes: Uint8Array): Promise<string> {
  if (contentType.startsWith('application/pdf')) return pdfText(bytes);
  if (contentType.includes('spreadsheetml')) return xlsxText(bytes);
  if (contentType.includes('wordprocessingml')) return docxText(bytes);
  return new TextDecoder().decode(bytes);
}
