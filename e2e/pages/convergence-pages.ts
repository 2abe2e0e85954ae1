import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE, plain } from '../support/accounts.ts';

/** /t/:siren/convergence — the report's table by category and period, every project, the forms. */
export class ConvergencePage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Projets de convergence' });
  }
  get table() {
    return this.page.locator('table.convergence-table');
  }
  get notice() {
    return this.page.getByRole('status');
  }

  async open(year?: number): Promise<void> {
    await this.page.goto(`${BASE}/convergence${year ? `?annee=${year}` : ''}`);
  }

  async periods(): Promise<string[]> {
    return (await this.table.locator('thead th').allTextContents()).map(plain).slice(1);
  }

  /** The projects of one cell: a category (row) and a period (column). */
  async cell(category: string, period: string): Promise<string[]> {
    const index = (await this.periods()).indexOf(period);
    const row = this.table.locator('tbody tr', { has: this.page.getByRole('rowheader', { name: category }) });
    return (await row.locator('td').nth(index).locator('li a').allTextContents()).map(plain);
  }

  async create(input: { category: string; title: string; tool?: string; startedOn: string; status: string; participants: string[] }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Enregistrer un projet' });
    await form.getByLabel('Catégorie').selectOption({ label: input.category });
    await form.getByLabel('Intitulé').fill(input.title);
    if (input.tool) await form.getByLabel('Outil ou règle (facultatif)').fill(input.tool);
    await form.getByLabel('Début', { exact: true }).fill(input.startedOn);
    await form.getByLabel('État').selectOption({ label: input.status });
    await form.getByLabel('Participants').selectOption(input.participants.map((label) => ({ label })));
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Enregistrer le projet' }));
  }

  async importFile(name: string, content: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Importer des projets' });
    await form.getByLabel('Fichier de projets (CSV ou XLSX)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Importer' }));
  }

  fieldError(form: string) {
    return this.page.getByRole('form', { name: form }).locator('.error');
  }
}

/** /t/:siren/convergence/projets/:id — one project, its participants over time. */
export class ProjectPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }

  async participants(): Promise<string[]> {
    return (await this.page.getByRole('region', { name: 'Participants du projet' }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).slice(0, 3).map((td) => td.textContent?.trim()).join(' | ')))).map(plain);
  }

  async addParticipant(name: string, joinedOn: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Ajouter un participant' });
    await form.getByLabel('Collectivité').selectOption({ label: name });
    await form.getByLabel('Depuis (facultatif)').fill(joinedOn);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Ajouter' }));
  }

  async setLeft(name: string, leftOn: string): Promise<void> {
    const form = this.page.getByRole('form', { name: `Dates de participation : ${name}` });
    await form.getByLabel("jusqu'à").fill(leftOn);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Enregistrer' }));
  }
}

/** /t/:siren/schema — the scheme in force: adoption, orientations and actions, principles, opinions. */
export class SchemePage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get facts() {
    return this.page.locator('dl.facts');
  }
  get opinionSummary() {
    return this.page.locator('#avis-synthese');
  }

  async open(): Promise<void> {
    await this.page.goto(`${BASE}/schema`);
  }

  async orientations(): Promise<string[]> {
    return (await this.page.locator('h3').allTextContents()).map(plain);
  }

  async opinionOf(commune: string): Promise<string> {
    const row = this.page.getByRole('region', { name: 'Avis des communes' }).locator('tbody tr').filter({ has: this.page.getByRole('cell', { name: commune, exact: true }) });
    return plain(await row.locator('td').nth(1).textContent());
  }

  async recordOpinion(commune: string, opinion: string, givenOn: string): Promise<void> {
    const form = this.page.getByRole('form', { name: "Enregistrer l'avis d'une commune" });
    await form.getByLabel('Commune').selectOption({ label: commune });
    await form.getByLabel('Avis', { exact: true }).selectOption({ label: opinion });
    await form.getByLabel('Date de la délibération').fill(givenOn);
    await clickAndLoad(this.page, form.getByRole('button', { name: "Enregistrer l'avis" }));
  }

  async setActionStatus(title: string, status: string, completedOn: string): Promise<void> {
    const form = this.page.getByRole('form', { name: `État de l'action : ${title}` });
    await form.getByLabel("État de l'action").selectOption({ label: status });
    await form.getByLabel('réalisée le').fill(completedOn);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Enregistrer' }));
  }

  async actionStatus(title: string): Promise<string> {
    const row = this.page.locator('tbody tr').filter({ hasText: title }).first();
    return plain(await row.locator('td').nth(3).textContent());
  }

  fieldError() {
    return this.page.getByRole('form', { name: "Enregistrer l'avis d'une commune" }).locator('.error');
  }
}
