import type { Page } from 'playwright-core';
import { clickAndLoad } from './navigate.ts';
import { BASE, plain } from '../support/accounts.ts';

/** /t/:siren/seances — the calendar, the year's sittings, and the convocation form. */
export class SittingsPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Séances' });
  }
  get calendarCaption() {
    return this.page.locator('table.month caption');
  }

  async open(month?: string): Promise<void> {
    await this.page.goto(`${BASE}/seances${month ? `?mois=${month}` : ''}`);
  }

  /** Fills the convocation form and sends it; lands on the new sitting (or the form with its error). */
  async convene(input: { date: string; time?: string; place: string; convokedOn: string }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Convoquer une séance' });
    await form.getByLabel('Date de la séance').fill(input.date);
    if (input.time) await form.getByLabel('Heure (heure de Paris)').fill(input.time);
    await form.getByLabel('Lieu').fill(input.place);
    await form.getByLabel("Date d'envoi de la convocation").fill(input.convokedOn);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Convoquer' }));
  }

  async openSitting(label: string): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('link', { name: label }).first());
  }
}

/** /t/:siren/seances/:id — a sitting: convocation check, agenda, attendance. */
export class SittingPage {
  constructor(readonly page: Page) {}

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get convocationCheck() {
    return this.page.locator('p', { hasText: 'Délai de convocation' });
  }
  get agendaRows() {
    return this.page.locator('table', { has: this.page.locator('caption', { hasText: /point/ }) }).locator('tbody tr');
  }
  /** The names listed under a heading ("Membres présents", "Membres absents excusés"…). */
  async namesUnder(heading: string): Promise<string[]> {
    const text = await this.page.locator(`h3:has-text("${heading}") + p`).textContent();
    return plain(text).split(', ');
  }

  async addItem(title: string): Promise<void> {
    const form = this.page.getByRole('form', { name: "Ajouter un point à l'ordre du jour" });
    await form.getByLabel('Titre').fill(title);
    await clickAndLoad(this.page, form.getByRole('button', { name: 'Ajouter le point' }));
  }

  async goLive(): Promise<void> {
    await clickAndLoad(this.page, this.page.getByRole('link', { name: /Séance en direct/ }));
  }
}

/** /t/:siren/seances/:id/direct — the live sitting: one click per arrival or departure, proxies, the vote. */
export class LiveSittingPage {
  constructor(readonly page: Page) {}

  get quorum() {
    return this.page.locator('#quorum');
  }
  get voices() {
    return this.page.locator('#voix');
  }
  get message() {
    return this.page.locator('#direct-message');
  }
  arrivalButton(name: string) {
    return this.page.getByRole('button', { name: `Arrivée de ${name}`, exact: true });
  }
  departureButton(name: string) {
    return this.page.getByRole('button', { name: `Départ de ${name}`, exact: true });
  }
  memberState(name: string) {
    return this.page.locator('table.members-live tr', { has: this.page.getByRole('rowheader', { name, exact: true }) }).locator('td').first();
  }

  async quorumText(): Promise<string> {
    return plain(await this.quorum.textContent());
  }
  async voicesText(): Promise<string> {
    return plain(await this.voices.textContent());
  }

  /** Submits something on the live page and waits for htmx to swap the answer in. */
  private async send(click: () => Promise<void>): Promise<void> {
    const answered = this.page.waitForResponse((r) => r.url().includes('/direct/') && r.request().method() === 'POST', { timeout: 30_000 });
    await click();
    await answered;
    await this.page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping'), undefined, { timeout: 30_000 });
  }

  /** The roll call in one go: ticks the first `count` members of the register. */
  async rollCall(count: number): Promise<void> {
    await this.page.getByText("Faire l'appel en une fois").click();
    const boxes = this.page.locator('fieldset.roll input[type=checkbox]');
    for (let i = 0; i < count; i++) await boxes.nth(i).check();
    await this.send(() => this.page.getByRole('button', { name: "Enregistrer l'appel" }).click());
  }

  /** One key press on the member's button, as a secretary at a tablet or a keyboard would. */
  async markArrival(name: string): Promise<void> {
    await this.arrivalButton(name).focus();
    await this.send(() => this.page.keyboard.press('Enter'));
  }

  async giveProxy(giver: string, holder: string, writtenOn?: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Pouvoir' });
    if (writtenOn) await form.getByLabel('Date du pouvoir écrit').fill(writtenOn);
    await form.getByLabel('Mandant (absent, ou qui quitte la séance)').selectOption({ label: giver });
    await form.getByLabel('Mandataire (présent)').selectOption({ label: holder });
    await this.send(() => form.getByRole('button', { name: 'Enregistrer le pouvoir' }).click());
  }

  async openSitting(president: string, secretary: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Ouvrir la séance' });
    await form.getByLabel('Président de séance (présent)').selectOption({ label: president });
    await form.getByLabel(/Secrétaire de séance/).selectOption({ label: secretary });
    await this.send(() => form.getByRole('button', { name: 'Ouvrir la séance' }).click());
  }

  async recordVote(counts: { for: number; against: number; abstain: number }): Promise<void> {
    const form = this.page.getByRole('form', { name: /Vote sur le point/ });
    await form.getByLabel('Pour').fill(String(counts.for));
    await form.getByLabel('Contre').fill(String(counts.against));
    await form.getByLabel('Abstentions').fill(String(counts.abstain));
    await this.send(() => form.getByRole('button', { name: 'Enregistrer le vote' }).click());
  }

  /** The first `count` names of the register, as the roll call lists them. */
  async registerNames(count: number): Promise<string[]> {
    return (await this.page.locator('table.members-live tbody th[scope=row]').allTextContents()).slice(0, count).map((t) => plain(t).replace(/suppléant\(e\)$/, '').trim());
  }
}
