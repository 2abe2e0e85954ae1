import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { accessibilityViolations, screenshot, SCREENSHOT_DIR } from './support/browser.ts';
import { BASE, plain } from './support/accounts.ts';
import { LiveSittingPage, SittingPage, SittingsPage } from './pages/sitting-pages.ts';
import { pdfText } from '../src/platform/documents/testing.ts';

const e2e = useE2e();

/** The live page as the tablet shows it; Playwright's caret hiding injects an inline style the CSP refuses when a button has the focus. */
async function viewportShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), caret: 'initial' });
}

describe('assemblies: the secretariat runs a sitting live', () => {
  it('the demo sitting of 27 January 2020 reads as the register: 112, 84, 10, 94, the secretary; its attendance sheet prints', async () => {
    const page = await e2e.open({ as: 'reader' });
    const sittings = new SittingsPage(page);
    await sittings.open('2020-01');
    expect(plain(await sittings.calendarCaption.textContent())).toBe('Calendrier de janvier 2020');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'seances-calendrier');
    await sittings.openSitting('27/01/2020 à 18 h 00');
    const sitting = new SittingPage(page);
    expect(plain(await sitting.heading.textContent())).toBe('Conseil métropolitain du 27/01/2020');
    expect(plain(await sitting.convocationCheck.textContent())).toContain('12 jours francs');
    const present = await sitting.namesUnder('Membres présents');
    expect(present).toHaveLength(84);
    expect([present[0], present.at(-1)]).toEqual(['M. Gilles ARTIGUES', 'Mme Catherine ZADRA']);
    expect(await sitting.namesUnder('Membres absents excusés')).toHaveLength(18);
    expect(plain(await page.locator('dl.facts').nth(1).textContent())).toBe('Membres en exercice112Présents84Pouvoirs10Nombre de voix94');
    expect(plain(await page.locator('h3:has-text("Secrétaire de séance") + p').textContent())).toBe('M. Rémy GUYOT');
    // A reader sees no live page.
    expect(await page.getByRole('link', { name: /Séance en direct/ }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'seance-27-janvier-2020');
    const pdf = await page.request.get(`${page.url()}/emargement.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = plain(pdfText(await pdf.body()));
    expect(text).toContain("Feuille d'émargement");
    expect(text).toContain('M. Gilles ARTIGUES');
    expect(text).toContain('84 présents, 10 pouvoirs, 94 voix');
    expect(text).toContain('pouvoir à Mme Nora');
  });

  it('56 present is "non atteint", the 57th arrival "atteint"; a proxy given, then its giver arrives; the vote is recorded', async () => {
    const page = await e2e.open({ as: 'secretariat' });
    const sittings = new SittingsPage(page);
    await sittings.open();
    await sittings.convene({ date: '2020-02-24', place: 'Saint-Étienne, hôtel de Métropole', convokedOn: '2020-02-10' });
    const sitting = new SittingPage(page);
    expect(plain(await sitting.heading.textContent())).toBe('Conseil métropolitain du 24/02/2020');
    await sitting.addItem('Budget primitif 2020');
    expect(await accessibilityViolations(page)).toEqual([]);
    await sitting.goLive();
    const live = new LiveSittingPage(page);
    expect(await live.quorumText()).toBe('Quorum : 57 requis, 0 présent : non atteint');
    expect(await accessibilityViolations(page)).toEqual([]);

    await live.rollCall(56);
    expect(await live.quorumText()).toBe('Quorum : 57 requis, 56 présents : non atteint');
    const names = await live.registerNames(61);
    const [fiftySeventh, giver, holder, other] = [names[56]!, names[59]!, names[0]!, names[60]!];
    await live.markArrival(fiftySeventh);
    expect(await live.quorumText()).toBe('Quorum : 57 requis, 57 présents : atteint');
    // Keyboard focus stays on the member's button, now "Départ".
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Départ de ${fiftySeventh}`);
    expect(plain(await live.message.textContent())).toBe(`Arrivée de ${fiftySeventh} notée. Quorum : 57 requis, 57 présents : atteint.`);
    await viewportShot(page, 'seance-direct-quorum-atteint');

    await live.giveProxy(giver, holder);
    expect(await live.voicesText()).toBe('Voix disponibles : 58 (57 présents, 1 pouvoirs) ; 112 membres en exercice');
    expect(plain(await live.memberState(giver).textContent())).toBe(`représenté par ${holder}`);
    // The holder already holds the one proxy allowed: no longer offered. A proxy dated after the sitting is refused in place.
    expect(await page.getByRole('form', { name: 'Pouvoir' }).getByLabel('Mandataire (présent)').locator('option', { hasText: holder }).count()).toBe(0);
    await live.giveProxy(other, names[1]!, '2020-02-25');
    expect(plain(await live.message.textContent())).toBe('Le champ « date du pouvoir » ne peut pas suivre la date de la séance.');
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await live.voicesText()).toBe('Voix disponibles : 58 (57 présents, 1 pouvoirs) ; 112 membres en exercice');
    expect(await accessibilityViolations(page)).toEqual([]);

    await live.markArrival(giver);
    expect(await live.voicesText()).toBe('Voix disponibles : 58 (58 présents, 0 pouvoirs) ; 112 membres en exercice');
    expect(plain(await live.memberState(giver).textContent())).toBe('présent');

    await live.openSitting(holder, fiftySeventh);
    await live.recordVote({ for: 50, against: 5, abstain: 3 });
    expect(plain(await live.message.textContent())).toBe('Adopté : 50 pour, 5 contre, 3 abstentions (majorité absolue des suffrages exprimés : 28).');
    expect(await accessibilityViolations(page)).toEqual([]);
    await viewportShot(page, 'seance-direct-vote');

    await page.goto(page.url().replace(/\/direct$/, ''));
    expect(plain(await sitting.agendaRows.first().textContent())).toContain('Adopté');
  });

  it('the bodies, the members in office and the yearly attendance', async () => {
    const page = await e2e.open({ as: 'admin' });
    await page.goto(`${BASE}/instances`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: /Conseil métropolitain/ }).click();
    await page.waitForURL(/\/instances\/[0-9a-f-]+$/);
    expect(plain(await page.locator('table caption').first().textContent())).toBe('Membres titulaires en exercice : 112');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'instance-conseil');
    await page.getByRole('link', { name: /Assiduité des membres en 2020/ }).click();
    await page.waitForURL(/assiduite/);
    expect(await page.locator('tbody tr').count()).toBe(112);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'assiduite-2020');
  });
});
