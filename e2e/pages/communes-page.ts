import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE, plain } from '../support/accounts.ts';

export type CommuneColumn = 'Code INSEE' | 'Nom' | 'Population';

/** /t/:siren/communes — the member communes, searchable and sortable. */
export class CommunesPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Communes membres' });
  }
  get searchBox() {
    return this.page.getByRole('searchbox', { name: /Rechercher une commune/ });
  }
  get searchButton() {
    return this.page.getByRole('button', { name: 'Rechercher' });
  }
  get table() {
    return this.page.locator('#communes table');
  }
  /** The live region that announces, after a live search, how many communes were found. */
  get searchStatus() {
    return this.page.locator('#communes-statut');
  }
  get caption() {
    return this.page.locator('#communes caption');
  }
  get rows() {
    return this.page.locator('#communes tbody tr');
  }
  /** The links that download the whole list: "PDF", "tableur (XLSX)", "CSV". */
  downloadLink(name: 'PDF' | 'tableur (XLSX)' | 'CSV') {
    return this.page.locator('.downloads').getByRole('link', { name, exact: true });
  }
  columnHeader(column: CommuneColumn) {
    return this.page.getByRole('columnheader', { name: column });
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`${BASE}/communes${query}`);
  }

  async communeNames(): Promise<string[]> {
    return (await this.rows.locator('td:nth-child(2)').allTextContents()).map(plain);
  }

  async captionText(): Promise<string> {
    return plain(await this.caption.textContent());
  }

  /** Types in the search box: with JavaScript, htmx replaces the table as one types; resolves once its answer arrived. */
  async searchCommune(text: string): Promise<void> {
    const answered = this.page.waitForResponse((r) => r.url().includes('/communes?') && r.request().headers()['hx-request'] === 'true');
    await this.searchBox.fill(text);
    await answered;
  }

  /** Types and presses the button: the plain form submission that works without JavaScript. */
  async submitSearch(text: string): Promise<void> {
    await this.searchBox.fill(text);
    await clickAndLoad(this.page, this.searchButton);
  }

  /** Clicks a column header until the table is sorted by it in that direction. */
  async sortBy(column: CommuneColumn, direction: 'ascending' | 'descending' = 'ascending'): Promise<void> {
    for (let clicks = 0; clicks < 2; clicks++) {
      if ((await this.columnHeader(column).getAttribute('aria-sort')) === direction) return;
      await clickAndLoad(this.page, this.columnHeader(column).getByRole('link'));
    }
    if ((await this.columnHeader(column).getAttribute('aria-sort')) !== direction) throw new Error(`Tri ${column} ${direction} impossible`);
  }

  /** Clicks a download link as a person does; resolves with the file the browser saved. */
  async download(name: 'tableur (XLSX)' | 'CSV'): Promise<{ filename: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.downloadLink(name).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { filename: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }

  async openCommune(name: string): Promise<void> {
    await Promise.all([this.page.waitForURL(/\/communes\/\d[\dAB]\d{3}$/), this.rows.getByRole('link', { name, exact: true }).click()]);
  }
}
