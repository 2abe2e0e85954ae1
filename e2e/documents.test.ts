import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { CommunesPage } from './pages/communes-page.ts';
import { pdfText, xlsxRows } from '../src/platform/documents/testing.ts';

const e2e = useE2e();

describe('the communes list as documents', () => {
  it('the communes page links to the PDF, the workbook and the CSV, which download with the 53 communes', async () => {
    const page = await e2e.open({ as: 'reader' });
    const communes = new CommunesPage(page);
    await communes.open();
    // The PDF opens in the browser: fetched with the page's session, as the link would.
    const pdfHref = await communes.downloadLink('PDF').getAttribute('href');
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdfText(await pdf.body())).toMatch(/Total \(53 communes\)\s+407\s700/);

    const xlsx = await communes.download('tableur (XLSX)');
    expect(xlsx.filename).toMatch(/^communes-saint-etienne-metropole-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const [sheet] = await xlsxRows(xlsx.bytes);
    expect(sheet!.rows).toHaveLength(55);

    const csv = await communes.download('CSV');
    expect(csv.filename).toMatch(/\.csv$/);
    expect(csv.bytes.toString('utf8')).toContain('42218;Saint-Étienne;');
  });
});
