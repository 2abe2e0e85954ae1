import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE, plain } from '../support/accounts.ts';

/** /t/:siren/catalogue — the cards, filtered by domain and by the commune they are open to. */
export class CataloguePage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Catalogue de services aux communes' });
  }
  get count() {
    return this.page.getByRole('status');
  }
  get cardTitles() {
    return this.page.locator('li.catalogue-card h2');
  }

  async open(): Promise<void> {
    await this.page.goto(`${BASE}/catalogue`);
  }

  async filter(input: { domain?: string; commune?: string }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Filtrer le catalogue' });
    if (input.domain) await form.getByLabel('Domaine').selectOption({ label: input.domain });
    if (input.commune) await form.getByLabel('Accessible à la commune').selectOption({ label: input.commune });
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Filtrer' }));
  }

  async titles(): Promise<string[]> {
    return (await this.cardTitles.allTextContents()).map(plain);
  }

  async openPortal(commune: string): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('link', { name: `Ce que ${commune} utilise et pourrait utiliser` }));
  }
}

/** /t/:siren/communes/:insee/services — what the commune uses, what it could use, with a one-click request. */
export class PortalPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get status() {
    return this.page.getByRole('status');
  }

  async request(offer: string): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('form', { name: `Demander l'adhésion à ${offer}` }).getByRole('button', { name: "Demander l'adhésion" }));
  }

  /** The state shown for an offer in the table of subscriptions. */
  async stateOf(offer: string): Promise<string> {
    const row = this.page.locator('table').first().locator('tbody tr', { has: this.page.getByRole('link', { name: offer, exact: true }) });
    return plain(await row.locator('td').nth(1).textContent());
  }
}

/** /t/:siren/catalogue/demandes — the pooling team approves or refuses. */
export class RequestsPage {
  constructor(readonly page: Page) {}

  get status() {
    return this.page.getByRole('status');
  }

  async open(): Promise<void> {
    await this.page.goto(`${BASE}/catalogue/demandes`);
  }

  async approve(commune: string, startsOn?: string): Promise<void> {
    const form = this.page.getByRole('form', { name: `Accepter la demande de ${commune}` });
    if (startsOn) await form.getByLabel('Début de l’adhésion').fill(startsOn);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Accepter la demande' }));
  }

  async refuse(commune: string, reason: string): Promise<void> {
    const form = this.page.getByRole('form', { name: `Refuser la demande de ${commune}` });
    await form.getByLabel('Motif du refus (lu par la commune)').fill(reason);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Refuser la demande' }));
  }
}

/** /t/:siren/catalogue/indicateurs — figures per offer and year. */
export class IndicatorsPage {
  constructor(readonly page: Page) {}

  async open(year: number): Promise<void> {
    await this.page.goto(`${BASE}/catalogue/indicateurs?annee=${year}`);
  }

  /** The value of a figure of an offer this year. */
  async figure(offer: string, key: string): Promise<string> {
    return plain(await this.page.locator(`tr[data-offer="${offer}"][data-figure="${key}"] td.num`).first().textContent());
  }
}
