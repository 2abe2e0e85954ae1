import type { Page } from 'playwright-core';
import { BASE, plain } from '../support/accounts.ts';

/** /t/:siren/communes/:insee — one member commune. */
export class CommunePage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get restrictedLink() {
    return this.page.getByRole('link', { name: 'Accès et contacts de la commune' });
  }
  get populationRows() {
    return this.page.locator('table').filter({ has: this.page.locator('caption', { hasText: 'Populations' }) }).locator('tbody tr');
  }

  async open(insee: string): Promise<void> {
    await this.page.goto(`${BASE}/communes/${insee}`);
  }

  async openRestrictedPage(): Promise<void> {
    await Promise.all([this.page.waitForURL('**/acces'), this.restrictedLink.click()]);
  }
}

/** /t/:siren/communes/:insee/acces — who acts for the commune (restricted). */
export class CommuneAccessPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get people() {
    return this.page.locator('main table tbody tr');
  }

  /** Opens the page and returns the HTTP status it answered with. */
  async open(insee: string): Promise<number> {
    const response = await this.page.goto(`${BASE}/communes/${insee}/acces`);
    return response?.status() ?? 0;
  }

  async peopleNames(): Promise<string[]> {
    return (await this.people.locator('td:first-child').allTextContents()).map(plain);
  }
}
