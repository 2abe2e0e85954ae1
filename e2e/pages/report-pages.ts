import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE } from '../support/accounts.ts';

/** /t/:siren/rapport — the yearly progress report: sections, narratives (editable), data blocks with drill-downs. */
export class ReportPage {
  constructor(readonly page: Page) {}

  heading(year: number) {
    return this.page.getByRole('heading', { level: 1, name: `Rapport d’avancement ${year} du schéma de mutualisation` });
  }
  section(number: string) {
    return this.page.locator('section.report-section', { has: this.page.getByRole('heading', { name: new RegExp(`^${number.replace('.', '\\.')}\\. `) }) });
  }
  downloadLink(name: 'PDF' | 'DOCX (modifiable)') {
    return this.page.locator('.downloads').getByRole('link', { name, exact: true });
  }

  async open(year: number): Promise<void> {
    await this.page.goto(`${BASE}/rapport?annee=${year}`);
  }

  /** Opens the section's editor, replaces its text and saves. */
  async editNarrative(number: string, text: string): Promise<void> {
    const section = this.section(number);
    await section.locator('summary', { hasText: `Modifier le texte de la partie ${number}` }).click();
    await section.getByRole('textbox', { name: `Texte de la partie ${number}`, exact: true }).fill(text);
    await clickAndLoad(this.page, section.getByRole('button', { name: 'Enregistrer le texte' }));
  }

  async narrative(number: string): Promise<string> {
    return (await this.section(number).locator('.report-narrative').innerText()).trim();
  }

  async download(name: 'DOCX (modifiable)'): Promise<{ filename: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.downloadLink(name).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { filename: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }
}
