import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { ROLE_LABELS, type Role } from '../../src/access/model.ts';
import { BASE, plain } from '../support/accounts.ts';

export interface NewUserInput {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** Shown name of the commune in the list, e.g. "Firminy (42095)"; for a commune user. */
  readonly commune?: string;
  readonly password?: string;
}

/** /t/:siren/utilisateurs — who holds which role, and the administration form. */
export class UsersPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Utilisateurs' });
  }
  get rows() {
    return this.page.locator('main table tbody tr');
  }
  get form() {
    return this.page.getByRole('form', { name: 'Ajouter un utilisateur' });
  }
  get emailField() {
    return this.form.getByLabel('Adresse électronique');
  }
  get nameField() {
    return this.form.getByLabel('Nom et fonction');
  }
  get roleSelect() {
    return this.form.getByLabel('Rôle');
  }
  get communeSelect() {
    return this.form.getByLabel('Commune');
  }
  get passwordField() {
    return this.form.getByLabel('Mot de passe initial');
  }
  get notice() {
    return this.page.getByRole('status');
  }
  rowOf(name: string) {
    return this.rows.filter({ has: this.page.locator('.person-name').getByText(name, { exact: true }) });
  }
  removeButton(name: string, roleText: string) {
    return this.page.getByRole('button', { name: `Retirer le rôle « ${roleText} » de ${name}`, exact: true });
  }

  /** Opens the page; returns its HTTP status. */
  async open(): Promise<number> {
    const response = await this.page.goto(`${BASE}/utilisateurs`);
    return response?.status() ?? 0;
  }

  async rolesOf(name: string): Promise<string[]> {
    return (await this.rowOf(name).locator('ul.roles li > span').allTextContents()).map(plain);
  }

  /** Fills the form and sends it; waits for the answer (the list with a confirmation, or the form with its error). */
  async addUser(input: NewUserInput): Promise<void> {
    await this.emailField.fill(input.email);
    await this.nameField.fill(input.name);
    await this.roleSelect.selectOption({ label: ROLE_LABELS[input.role] });
    if (input.commune) await this.communeSelect.selectOption({ label: input.commune });
    if (input.password !== undefined) await this.passwordField.fill(input.password);
    await clickAndLoad(this.page, this.form.getByRole('button', { name: "Ajouter l'utilisateur" }));
  }

  async removeRole(name: string, roleText: string): Promise<void> {
    await clickAndLoad(this.page, this.removeButton(name, roleText));
  }

  /** The error shown next to a field, found through the field's aria-describedby. */
  async fieldError(field: 'emailField' | 'nameField' | 'roleSelect' | 'communeSelect' | 'passwordField'): Promise<string | null> {
    const locator = this[field];
    if ((await locator.getAttribute('aria-invalid')) !== 'true') return null;
    const ids = ((await locator.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter((id) => id.endsWith('-erreur'));
    if (ids.length === 0) return null;
    return plain(await this.page.locator(`[id="${ids[0]}"]`).textContent());
  }
}
