import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE, plain } from '../support/accounts.ts';

/** /t/:siren/aides — the search: project first, then filters; results with the reasons of eligibility. */
export class AidSearchPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Aides financières' });
  }
  get form() {
    return this.page.getByRole('search', { name: 'Rechercher une aide' });
  }
  get counts() {
    return this.page.locator('p.counts');
  }
  get resultNames() {
    return this.page.locator('ol.results').first().locator('li.result h3 a');
  }
  get ineligibleSection() {
    return this.page.locator('details.ineligible');
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`${BASE}/aides${query}`);
  }

  /** Describes the project and runs the search as a person does: the form, then its button. */
  async searchFor(input: { for?: string; projectType?: string; text?: string }): Promise<void> {
    if (input.for) await this.form.getByLabel('Pour la collectivité').selectOption({ label: input.for });
    if (input.projectType) await this.form.getByLabel('Typologie du projet').selectOption({ label: input.projectType });
    if (input.text !== undefined) await this.form.getByLabel('Mots-clés').fill(input.text);
    await clickAndLoad(this.page, this.form.getByRole('button', { name: 'Rechercher' }));
  }

  async names(): Promise<string[]> {
    return (await this.resultNames.allTextContents()).map(plain);
  }

  /** The reasons shown under an ineligible aid (the section opened first). */
  async ineligibleReasons(name: string): Promise<string[]> {
    await this.ineligibleSection.locator('summary').click();
    const item = this.ineligibleSection.locator('li.result').filter({ has: this.page.getByRole('link', { name, exact: true }) });
    return (await item.locator('ul.reasons li').allTextContents()).map((t) => plain(t).replace(/^[✓✗?]\s*/, ''));
  }

  async saveSearch(name: string): Promise<void> {
    await this.page.getByLabel('Nom de la recherche').fill(name);
    await clickAndLoad(this.page, this.page.getByRole('button', { name: 'Enregistrer la recherche' }));
  }
}

/** /t/:siren/alertes — notifications and saved searches. */
export class AlertsPage {
  constructor(readonly page: Page) {}

  get notice() {
    return this.page.getByRole('status');
  }
  get unreadNames() {
    return this.page.locator('ul.notifications li.unread a');
  }
  get savedSearches() {
    return this.page.locator('ul.saved li a');
  }

  async open(): Promise<void> {
    await this.page.goto(`${BASE}/alertes`);
  }

  async markAllRead(): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('button', { name: 'Tout marquer comme lu' }));
  }
}

/** /t/:siren/aides/nouvelle — the pooling team adds a scheme. */
export class SchemeFormPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto(`${BASE}/aides/nouvelle`);
  }

  async create(input: { name: string; description: string; funder: string; projectType: string; keywords: string; criteria?: string }): Promise<void> {
    const p = this.page;
    await p.getByLabel('Nom de l’aide').fill(input.name);
    await p.getByLabel('Description').fill(input.description);
    await p.getByLabel('Financeurs (un par ligne)').fill(input.funder);
    await p.getByLabel('Niveau du financeur').selectOption({ label: 'État et opérateurs nationaux' });
    await p.getByLabel('Périmètre', { exact: true }).selectOption({ label: 'France' });
    await p.getByRole('group', { name: /Typologies de projet/ }).getByLabel(input.projectType).check();
    await p.getByLabel('Mots-clés (séparés par des virgules)').fill(input.keywords);
    if (input.criteria) await p.getByLabel('Critères d’éligibilité (un cas par ligne)').fill(input.criteria);
    await p.getByLabel('Statut').selectOption({ label: 'Publiée' });
    await clickAndLoad(p, p.getByRole('button', { name: 'Créer l’aide' }));
  }

  fieldError(label: string) {
    return this.page.locator('.field').filter({ has: this.page.getByLabel(label) }).locator('.error');
  }
}
