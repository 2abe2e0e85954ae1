import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE, plain } from '../support/accounts.ts';

/** /t/:siren/conventions — the register of shared services and their agreements, with its filters. */
export class RegisterPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Services mutualisés et conventions' });
  }
  get filters() {
    return this.page.getByRole('form', { name: 'Filtrer le registre' });
  }

  async open(date?: string): Promise<void> {
    await this.page.goto(`${BASE}/conventions${date ? `?date=${date}` : ''}`);
  }

  /** The services listed, as their names in the first column. */
  async services(): Promise<string[]> {
    return (await this.page.locator('#services tbody th').allTextContents()).map(plain);
  }

  async filterBy(input: { theme?: string; participant?: string }): Promise<void> {
    if (input.theme) await this.filters.getByLabel('Thématique').selectOption({ label: input.theme });
    if (input.participant) await this.filters.getByLabel('Participant').selectOption({ label: input.participant });
    await clickAndLoad(this.page, this.filters.getByRole('button', { name: 'Filtrer' }));
  }

  async openAgreement(reference: string): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('link', { name: reference, exact: true }));
  }
}

/** /t/:siren/conventions/:id — an agreement: approvals, amendments and schemes, committee, staff. */
export class AgreementPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get approvalForm() {
    return this.page.getByRole('form', { name: 'Enregistrer une approbation' });
  }
  amendmentTable(number: number) {
    return this.page.getByRole('table').filter({ has: this.page.locator('caption', { hasText: `(avenant n° ${number})` }) });
  }

  /** The rows of the agreement's approvals table, as text. */
  async approvals(): Promise<string[]> {
    const table = this.page.getByRole('table').filter({ has: this.page.locator('caption', { hasText: 'Approbations de la convention' }) });
    return (await table.locator('tbody tr').allInnerTexts()).map(plain);
  }

  async amendmentRows(number: number): Promise<string[]> {
    return (await this.amendmentTable(number).locator('tbody tr').allInnerTexts()).map(plain);
  }

  async recordApproval(input: { act: string; party: string; body: string; date: string; reference?: string }): Promise<void> {
    await this.approvalForm.getByLabel('Acte approuvé').selectOption({ label: input.act });
    await this.approvalForm.getByLabel('Partie qui approuve').selectOption({ label: input.party });
    await this.approvalForm.getByLabel('Assemblée').fill(input.body);
    await this.approvalForm.getByLabel('Date de la délibération').fill(input.date);
    if (input.reference) await this.approvalForm.getByLabel('Référence de la délibération').fill(input.reference);
    await clickAndLoad(this.page, this.approvalForm.getByRole('button', { name: "Enregistrer l'approbation" }));
  }
}

/** /t/:siren/attributions-compensation — the AC register of a year. */
export class CompensationPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }

  async open(year: number): Promise<void> {
    await this.page.goto(`${BASE}/attributions-compensation?annee=${year}`);
  }

  async communes(): Promise<string[]> {
    return (await this.page.locator('#attributions tbody th').allTextContents()).map(plain);
  }

  get form() {
    return this.page.getByRole('form', { name: 'Fixer une attribution de compensation' });
  }

  async setAllocation(input: { commune: string; year: string; amount: string }): Promise<void> {
    await this.form.getByLabel('Commune').selectOption({ label: input.commune });
    await this.form.getByLabel('Année').fill(input.year);
    await this.form.getByLabel('Montant après CLECT (euros)').fill(input.amount);
    await clickAndLoad(this.page, this.form.getByRole('button', { name: 'Enregistrer' }));
  }

  async row(commune: string): Promise<string> {
    return plain(await this.page.locator('#attributions tbody tr', { hasText: commune }).innerText());
  }
}
