import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { describeProblems, ImportError, isXlsx, readTable } from './imports.ts';

async function workbook(rows: unknown[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Feuille 1');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

async function refusal(bytes: Uint8Array): Promise<ImportError> {
  try {
    await readTable(bytes);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('import accepté');
}

describe('readTable', () => {
  it('reads a French CSV: BOM, semicolons, normalized headers, line numbers', async () => {
    const table = await readTable(new TextEncoder().encode('\uFEFFCode INSEE;Montant\n42218;1 234,56\n\n42207;12\n'));
    expect(table.columns).toEqual(['code_insee', 'montant']);
    expect(table.records).toEqual([
      { line: 2, values: { code_insee: '42218', montant: '1 234,56' } },
      { line: 4, values: { code_insee: '42207', montant: '12' } },
    ]);
  });

  it('reads the first sheet of a workbook as text: numbers with a dot, dates as AAAA-MM-JJ, empty rows skipped', async () => {
    const bytes = await workbook([['Code INSEE', 'Montant', 'Date'], ['42218', 1234.56, new Date(Date.UTC(2019, 11, 31))], [], [42207, 12, null]]);
    expect(isXlsx(bytes)).toBe(true);
    const table = await readTable(bytes);
    expect(table.columns).toEqual(['code_insee', 'montant', 'date']);
    expect(table.records).toEqual([
      { line: 2, values: { code_insee: '42218', montant: '1234.56', date: '2019-12-31' } },
      { line: 4, values: { code_insee: '42207', montant: '12', date: '' } },
    ]);
  });

  it('refuses in French what is neither UTF-8 CSV nor a readable workbook', async () => {
    expect((await refusal(new Uint8Array([0x43, 0x6f, 0xe9, 0x3b]))).message).toContain('ni un classeur XLSX ni un CSV encodé en UTF-8');
    const truncated = (await workbook([['a'], ['b']])).slice(0, 60);
    expect((await refusal(truncated)).message).toContain('classeur XLSX est illisible');
    expect((await refusal(new TextEncoder().encode('\n\n'))).problems[0]!.line).toBe(1);
  });

  it('describes each problem with its line and column', () => {
    expect(describeProblems([{ line: 3, column: 'montant', message: 'montant invalide' }, { line: 1, column: '', message: 'vide' }])).toEqual([
      'Ligne 3, colonne « montant » : montant invalide',
      'Ligne 1 : vide',
    ]);
  });
});
