import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { demoLogin, DEMO_PASSWORD, type Account } from '../support/accounts.ts';

/** /connexion */
export class LoginPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Connexion' });
  }
  get email() {
    return this.page.getByLabel('Adresse électronique');
  }
  get password() {
    return this.page.getByLabel('Mot de passe');
  }
  get submitButton() {
    return this.page.getByRole('button', { name: 'Se connecter' });
  }
  get error() {
    return this.page.getByRole('alert');
  }

  async open(): Promise<void> {
    await this.page.goto('/connexion');
  }

  /** Fills the form and sends it; waits for the page that answers (the territory, or the form again). */
  async loginWith(email: string, password: string): Promise<void> {
    if (!this.page.url().includes('/connexion')) await this.open();
    await this.email.fill(email);
    await this.password.fill(password);
    await clickAndLoad(this.page, this.submitButton);
  }

  async loginAs(account: Account): Promise<void> {
    await this.loginWith(demoLogin(account).email, DEMO_PASSWORD);
    if (this.page.url().includes('/connexion')) throw new Error(`La connexion de ${account} a échoué : ${await this.page.textContent('main')}`);
  }
}
