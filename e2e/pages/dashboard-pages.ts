import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE, plain } from '../support/accounts.ts';

/** /t/:siren/tableau-de-bord and /t/:siren/communes/:insee/tableau-de-bord — one panel per indicator: chart, table, CSV. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }

  async open(insee?: string, year?: number): Promise<void> {
    await this.page.goto(`${BASE}${insee ? `/communes/${insee}` : ''}/tableau-de-bord${year ? `?annee=${year}` : ''}`);
  }

  panel(title: string) {
    return this.page.getByRole('region', { name: title, exact: true });
  }

  /** The panels' titles, in order. */
  async titles(): Promise<string[]> {
    return (await this.page.locator('section.dashboards-panel h2').allTextContents()).map(plain);
  }

  /** A panel's table as "category | value | …" lines, or "Aucune donnée". */
  async rows(title: string): Promise<string[]> {
    const panel = this.panel(title);
    if ((await panel.locator('.dashboards-empty').count()) > 0) return ['Aucune donnée'];
    return Promise.all((await panel.locator('tbody tr').all()).map(async (row) => (await row.locator('th, td').allTextContents()).map(plain).join(' | ')));
  }

  /** True when the panel's chart image has loaded (natural width > 0). */
  async chartLoaded(title: string): Promise<boolean> {
    const image = this.panel(title).getByRole('img');
    await image.scrollIntoViewIfNeeded();
    await image.evaluate((img: HTMLImageElement) => (img.complete ? null : new Promise((resolve) => img.addEventListener('load', resolve, { once: true }))));
    return image.evaluate((img: HTMLImageElement) => img.naturalWidth > 0);
  }

  async filterYear(label: string): Promise<void> {
    await this.page.getByRole('form', { name: 'Filtrer par année' }).getByLabel('Année', { exact: true }).selectOption({ label });
    await clickAndLoad(this.page, this.page.getByRole('button', { name: 'Afficher' }));
  }

  async downloadCsv(title: string): Promise<{ filename: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.panel(title).getByRole('link', { name: /Télécharger les données/ }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { filename: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }
}
