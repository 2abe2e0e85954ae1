import type { Page } from 'playwright-core';
import { BASE, plain } from '../support/accounts.ts';

/** /t/:siren — the territory's home. */
export class TerritoryHomePage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  /** The value shown under a fact's label (e.g. "Communes membres"). */
  fact(label: string | RegExp) {
    return this.page.locator('dl.facts > div').filter({ has: this.page.locator('dt', { hasText: label }) }).locator('dd');
  }

  async open(): Promise<void> {
    await this.page.goto(BASE);
  }

  async factText(label: string | RegExp): Promise<string> {
    return plain(await this.fact(label).textContent());
  }

  async openCommunes(): Promise<void> {
    await Promise.all([this.page.waitForURL('**/communes'), this.fact('Communes membres').getByRole('link').click()]);
  }
}
