import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE, plain } from '../support/accounts.ts';

/** /t/:siren/refacturation/couts — the year's cost lines and the import form. */
export class CostsPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get form() {
    return this.page.getByRole('form', { name: 'Importer des coûts' });
  }
  get caption() {
    return this.page.locator('table caption');
  }

  async open(year: number, nature: 'budget' | 'actual'): Promise<void> {
    await this.page.goto(`${BASE}/refacturation/couts?annee=${year}&nature=${nature}`);
  }

  /** Chooses a file made of these bytes and sends the form. */
  async importFile(name: string, text: string): Promise<void> {
    await this.form.getByLabel('Fichier').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf-8') });
    await clickAndLoad(this.page, this.form.getByRole('button', { name: 'Importer' }));
  }

  async message(): Promise<string> {
    return plain(await this.form.locator('.error, .notice').first().textContent());
  }
}

/** /t/:siren/refacturation — the year's runs and the launch form. */
export class ChargingOverviewPage {
  constructor(readonly page: Page) {}

  get form() {
    return this.page.getByRole('form', { name: 'Lancer un calcul' });
  }

  async open(year: number): Promise<void> {
    await this.page.goto(`${BASE}/refacturation?annee=${year}`);
  }

  async launch(phase: 'Prévisionnel (budget primitif)' | 'Définitif (compte administratif)'): Promise<void> {
    await this.form.getByLabel('Phase').selectOption({ label: phase });
    await clickAndLoad(this.page, this.form.getByRole('button', { name: 'Lancer le calcul' }));
  }
}

/** /t/:siren/refacturation/:year/:phase — one version: amounts, validation, comparison. */
export class RunPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get status() {
    return this.page.locator('main p').first();
  }
  get diffRows() {
    return this.page.getByRole('table').filter({ has: this.page.locator('caption', { hasText: 'Écarts avec la version' }) }).locator('tbody tr');
  }

  async validate(): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('button', { name: /^Valider la version/ }));
  }

  async openStatementOf(commune: string): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('link', { name: commune, exact: true }).first());
  }
}

/** /t/:siren/refacturation/:year/:phase/communes/:insee — a commune's statement, each amount explained. */
export class StatementPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }

  section(service: string) {
    return this.page.locator('section.charging-service').filter({ has: this.page.getByRole('heading', { level: 2, name: service }) });
  }

  /** Opens the explanation of the first line whose label contains the text; returns the chain. */
  async explain(service: string, label: string): Promise<string> {
    const details = this.section(service).locator('details').filter({ hasText: label }).first();
    await details.locator('summary').click();
    return plain(await details.locator('.charging-chain').textContent());
  }
}
