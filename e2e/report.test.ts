import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { docxText, pdfText } from '../src/platform/documents/testing.ts';
import { ReportPage } from './pages/report-pages.ts';

const e2e = useE2e();

describe('the yearly progress report', () => {
  it('the pooling team edits a narrative block, regenerates the report and downloads its PDF and DOCX', async () => {
    const page = await e2e.open({ as: 'admin' });
    const report = new ReportPage(page);
    await report.open(2020);
    expect(await report.heading(2020).count()).toBe(1);
    expect(await report.section('V.2').innerText()).toContain('Comptes d');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'report-apercu');

    await report.editNarrative('I', 'Le schéma avance : **neuf** services communs.\n\n- un point\n- un autre');
    expect(await report.narrative('I')).toContain('Le schéma avance : neuf services communs.');
    expect(await report.section('I').locator('.report-narrative strong').innerText()).toBe('neuf');
    expect(await accessibilityViolations(page)).toEqual([]);

    const pdf = await page.request.get((await report.downloadLink('PDF').getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdfText(await pdf.body()).normalize('NFKC')).toContain('Le schéma avance : neuf services communs.');
    const docx = await report.download('DOCX (modifiable)');
    expect(docx.filename).toMatch(/^rapport-mutualisation-2020-.*\.docx$/);
    expect(await docxText(docx.bytes)).toContain('Le schéma avance : neuf services communs.');
  });

  it('a commune user does not reach the report', async () => {
    const page = await e2e.open({ as: 'saintChamond' });
    const response = await page.goto(`${new URL(page.url()).origin}/t/244200770/rapport?annee=2020`);
    expect(response?.status()).toBe(403);
  });
});
