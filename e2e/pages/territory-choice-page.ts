import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';

/** / — for a person with roles in several territories: which one to enter. */
export class TerritoryChoicePage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Vos territoires' });
  }
  get territoryLinks() {
    return this.page.getByRole('main').getByRole('link');
  }

  async territoryNames(): Promise<string[]> {
    return (await this.territoryLinks.allTextContents()).map((t) => t.trim());
  }

  async enter(name: string): Promise<void> {
    await clickAndLoad(this.page, this.territoryLinks.filter({ hasText: name }));
  }
}
