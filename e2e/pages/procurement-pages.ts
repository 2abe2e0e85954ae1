import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE, plain } from '../support/accounts.ts';

/** /t/:siren/achats — the groups the person may see, and the form that constitutes a new one. */
export class GroupsPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Groupements de commandes' });
  }
  get rows() {
    return this.page.locator('#groupements tbody tr');
  }
  get form() {
    return this.page.getByRole('form', { name: 'Constituer un groupement' });
  }

  async open(): Promise<void> {
    await this.page.goto(`${BASE}/achats`);
  }

  async references(): Promise<string[]> {
    return (await this.rows.locator('td:first-child').allTextContents()).map(plain);
  }

  /** Fills the form (the coordinator is the EPCI by default) and sends it; lands on the new group's page. */
  async createGroup(input: { reference: string; object: string; scopes: string[]; members: string[] }): Promise<void> {
    await this.form.getByLabel('Référence').fill(input.reference);
    await this.form.getByLabel('Objet').fill(input.object);
    for (const scope of input.scopes) await this.form.getByLabel(scope, { exact: true }).check();
    await this.form.getByLabel('Autres membres').selectOption(input.members.map((label) => ({ label })));
    await clickAndLoad(this.page, this.form.getByRole('button', { name: 'Créer le groupement' }));
  }
}

/** /t/:siren/achats/groupements/:id — a group: members and approvals, needs per lot, steps, contracts. */
export class GroupPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get missing() {
    return this.page.locator('#manquants');
  }
  lotTable(number: number) {
    return this.page.getByRole('table').filter({ has: this.page.locator('caption', { hasText: `Lot ${number} :` }) });
  }

  async lotTotal(number: number): Promise<string[]> {
    return (await this.lotTable(number).locator('tfoot td').allTextContents()).map(plain);
  }

  async addLot(title: string, unit: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Ajouter un lot' });
    await form.getByLabel('Intitulé du nouveau lot').fill(title);
    await form.getByLabel('Unité (facultatif)').fill(unit);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Ajouter le lot' }));
  }

  async openNeedsOf(commune: string): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('link', { name: `Déclarer les besoins de ${commune}` }));
  }

  async recordApproval(member: string, body: string, date: string, reference: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Enregistrer une approbation' });
    await form.getByLabel('Membre').selectOption({ label: member });
    await form.getByLabel('Instance qui a délibéré').fill(body);
    await form.getByLabel('Date de la délibération').fill(date);
    await form.getByLabel('Référence de la délibération').fill(reference);
    await clickAndLoad(this.page, form.getByRole('button', { name: "Enregistrer l'approbation" }));
  }

  async signAgreement(date: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Signature de la convention' });
    await form.getByLabel('Signature de la convention constitutive le').fill(date);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Enregistrer la signature' }));
  }

  async launch(date: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Lancement de la procédure' });
    await form.getByLabel('Lancement de la procédure le').fill(date);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Lancer la procédure' }));
  }

  async openNewContract(): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('link', { name: 'Enregistrer un marché de ce groupement' }));
  }
}

/** /t/:siren/achats/groupements/:id/besoins/:insee — one commune's needs, lot by lot. */
export class NeedsPage {
  constructor(readonly page: Page) {}

  get status() {
    return this.page.getByRole('status');
  }

  async declare(commune: string, lot: string, quantity: string, amount: string): Promise<void> {
    const form = this.page.getByRole('form', { name: `Besoins de ${commune}` });
    const group = form.getByRole('group', { name: lot });
    await group.getByLabel(/^Quantité/).fill(quantity);
    await group.getByLabel('Montant estimé HT (euros)').fill(amount);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Enregistrer les besoins' }));
  }
}

/** /t/:siren/achats/marches/nouveau — every DECP field of a contract. */
export class ContractFormPage {
  constructor(readonly page: Page) {}

  get form() {
    return this.page.getByRole('form', { name: 'Nouveau marché' });
  }

  async record(input: { reference: string; object: string; cpv: string; notifiedOn: string; months: string; amount: string; place: string; supplier: string; siret: string }): Promise<void> {
    const f = this.form;
    await f.getByLabel(/^Numéro du marché/).fill(input.reference);
    await f.getByLabel('Objet', { exact: true }).fill(input.object);
    await f.getByLabel('Code CPV').fill(input.cpv);
    await f.getByLabel("Nombre d'offres reçues").fill('3');
    await f.getByLabel('Date de notification').fill(input.notifiedOn);
    await f.getByLabel(/^Durée/).fill(input.months);
    await f.getByLabel(/^Montant HT/).fill(input.amount);
    await f.getByLabel("Lieu d'exécution (code)").fill(input.place);
    await f.getByLabel('Titulaire : raison sociale').fill(input.supplier);
    await f.getByLabel(/^Titulaire : identifiant/).fill(input.siret);
    await clickAndLoad(this.page, f.getByRole('button', { name: 'Enregistrer le marché' }));
  }
}

/** /t/:siren/achats/marches/:id — a contract, its modifications and consumption. */
export class ContractPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get ceiling() {
    return this.page.locator('#consommation + p');
  }

  async recordConsumption(member: string, period: string, amount: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Saisir une consommation' });
    await form.getByLabel('Membre').selectOption({ label: member });
    await form.getByLabel('Période').fill(period);
    await form.getByLabel('Nature').selectOption({ label: 'Facturé' });
    await form.getByLabel('Montant HT (euros)').fill(amount);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Enregistrer' }));
  }

  /** Each member's line, its cells separated by a space. */
  async consumptionRows(): Promise<string[]> {
    const rows = this.page.getByRole('table', { name: /Consommation par membre/ }).locator('tbody tr');
    const out: string[] = [];
    for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('td').allTextContents()).map(plain).filter(Boolean).join(' '));
    return out;
  }
}

/** /t/:siren/achats/statistiques — the yearly figures with their counting rule. */
export class StatisticsPage {
  constructor(readonly page: Page) {}

  async open(year: number): Promise<void> {
    await this.page.goto(`${BASE}/achats/statistiques?annee=${year}`);
  }

  async figure(key: string): Promise<string> {
    return plain(await this.page.locator(`[data-figure="${key}"] .figure-value`).textContent());
  }

  async rule(key: string): Promise<string> {
    return plain(await this.page.locator(`[data-figure="${key}"] .figure-rule`).textContent());
  }

  async openDetail(key: string): Promise<void> {
    await clickAndLoad(this.page, this.page.locator(`[data-figure="${key}"]`).getByRole('link'));
  }

  get detailRows() {
    return this.page.locator('#detail tbody tr');
  }
}
