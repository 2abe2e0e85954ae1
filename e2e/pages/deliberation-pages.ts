import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE } from '../support/accounts.ts';

/** /t/:siren/deliberations — the register and its search. */
export class RegisterPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Registre des délibérations' });
  }
  get caption() {
    return this.page.locator('table caption').first();
  }

  async open(): Promise<void> {
    await this.page.goto(`${BASE}/deliberations`);
  }

  async search(text: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Rechercher' });
    await form.getByLabel('Texte intégral').fill(text);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Rechercher' }));
  }

  async openDeliberation(number: string): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('link', { name: number, exact: true }));
  }

  async startNew(): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('link', { name: 'Nouvelle délibération' }));
  }
}

/** /t/:siren/deliberations/nouvelle — the creation form. */
export class NewDeliberationPage {
  constructor(readonly page: Page) {}

  async create(input: { item: string; matter: string; recitals: string; decision: string }): Promise<void> {
    const form = this.page.getByRole('form', { name: /Numérotée à sa création/ });
    await form.getByLabel('Point délibéré').selectOption({ label: input.item });
    await form.getByLabel('Matière (nomenclature ACTES)').selectOption({ label: input.matter });
    await form.getByLabel('Exposé et considérants').fill(input.recitals);
    await form.getByLabel('Dispositif (décision)').fill(input.decision);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Créer et numéroter' }));
  }
}

/** /t/:siren/deliberations/:id — a deliberation, its documents, annexes, préfecture and publication forms, history. */
export class DeliberationPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  fact(label: string) {
    return this.page.locator('dl.facts div', { has: this.page.locator('dt', { hasText: label }) }).locator('dd');
  }
  get annexLinks() {
    return this.page.locator('#annexes + .table-wrap a, #annexes ~ div table a');
  }
  get historyRows() {
    return this.page.getByRole('region', { name: 'Historique' }).locator('tbody tr');
  }

  async attach(title: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Joindre une annexe' });
    await form.getByLabel('Intitulé').fill(title);
    await form.getByLabel(/^Fichier/).setInputFiles(file);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Joindre' }));
  }

  async publish(date: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Publication' });
    await form.getByLabel('Date de publication').fill(date);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Publier' }));
  }

  async transmit(input: { transmittedOn: string; acknowledgedOn: string; channel: string; actesId?: string }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Transmission en préfecture' });
    if (input.actesId !== undefined) await form.getByLabel('Identifiant @ctes retourné par l’opérateur').fill(input.actesId);
    await form.getByLabel('Date de transmission').fill(input.transmittedOn);
    await form.getByLabel('Opérateur de transmission').fill(input.channel);
    await form.getByLabel('Accusé de réception (date)').fill(input.acknowledgedOn);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Enregistrer la transmission' }));
  }
}
