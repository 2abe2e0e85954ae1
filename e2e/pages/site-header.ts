import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';

/** The header and navigation every territory page shares. */
export class SiteHeader {
  constructor(readonly page: Page) {}

  get personName() {
    return this.page.locator('.site-header .person');
  }
  get territoryName() {
    return this.page.locator('.site-header .territory-name');
  }
  get logoutButton() {
    return this.page.getByRole('button', { name: 'Se déconnecter' });
  }
  get navigation() {
    return this.page.getByRole('navigation', { name: 'Navigation principale' });
  }
  get currentNavLink() {
    return this.navigation.locator('a[aria-current="page"]');
  }

  async navLabels(): Promise<string[]> {
    return (await this.navigation.getByRole('link').allTextContents()).map((t) => t.trim());
  }

  async goTo(label: string): Promise<void> {
    await clickAndLoad(this.page, this.navigation.getByRole('link', { name: label, exact: true }));
  }

  async logout(): Promise<void> {
    await Promise.all([this.page.waitForURL('**/connexion'), this.logoutButton.click()]);
  }
}
