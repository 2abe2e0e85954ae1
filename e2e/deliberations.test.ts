import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useE2e } from './support/harness.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { BASE, DEMO_SIREN, plain } from './support/accounts.ts';
import { DeliberationPage, NewDeliberationPage, RegisterPage } from './pages/deliberation-pages.ts';
import { pdfText } from '../src/platform/documents/testing.ts';

const e2e = useE2e();
const API = `/api/t/${DEMO_SIREN}`;

/** A sitting of the council on `date` with one item voted, through the assemblies API (the live page is tested in assemblies.test.ts). */
async function decidedItem(page: Page, date: string, title: string): Promise<void> {
  const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
  const post = async (url: string, data: unknown) => {
    const response = await page.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
    expect(response.status(), `${url} ${await response.text()}`).toBeLessThan(300);
    return response.json() as Promise<{ id: string }>;
  };
  const council = ((await (await page.request.get(`${API}/instances`)).json()) as { id: string; name: string }[]).find((b) => b.name === 'Conseil métropolitain')!;
  const detail = (await (await page.request.get(`${API}/instances/${council.id}?date=${date}`)).json()) as { mandates: { seat: string; member: { id: string } }[] };
  const members = detail.mandates.filter((m) => m.seat === 'titular').map((m) => m.member.id);
  const sitting = await post(`${API}/instances/${council.id}/seances`, { date, time: '18:00', place: 'Saint-Étienne, hôtel de Métropole', convokedOn: '2020-02-20' });
  const item = await post(`${API}/seances/${sitting.id}/points`, { title, kind: 'vote' });
  await post(`${API}/seances/${sitting.id}/appel`, { present: members });
  await post(`${API}/seances/${sitting.id}/ouverture`, { presidentId: members[0], secretaryId: members[1] });
  await post(`${API}/points/${item.id}/vote`, { mode: 'show', for: members.length, against: 0, abstain: 0 });
  await post(`${API}/seances/${sitting.id}/levee`, {});
}

describe('deliberations: the register, a deliberation, its extract and its publication', () => {
  it('a reader finds 2020.00079 in French full text, reads it as the extract gives it, and downloads the extract', async () => {
    const page = await e2e.open({ as: 'reader' });
    const register = new RegisterPage(page);
    await register.open();
    expect(await accessibilityViolations(page)).toEqual([]);
    await register.search('schémas de mutualisation');
    expect(plain(await register.caption.textContent())).toBe('1 délibération');
    await screenshot(page, 'deliberations-registre');
    await register.openDeliberation('2020.00079');
    const deliberation = new DeliberationPage(page);
    expect(plain(await deliberation.heading.textContent())).toBe('Délibération n° 2020.00079');
    expect(plain(await deliberation.fact('Membres').textContent())).toBe('112 en exercice, 84 présents, 10 pouvoirs, 94 voix');
    expect(plain(await deliberation.fact('Identifiant @ctes').textContent())).toBe('042-244200770-20200127-2020_00079-DE');
    expect(plain(await deliberation.fact('Exécutoire').textContent())).toBe('04/02/2020');
    expect(await page.getByRole('form', { name: 'Publication' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'deliberation-2020-00079');
    const pdf = await page.request.get(`${page.url()}/extrait.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = plain(pdfText(await pdf.body()));
    expect(text).toContain('EXTRAIT DU REGISTRE DES DELIBERATIONS');
    expect(text).toContain('Mme Marie-Christine BUFFARD donne pouvoir à Mme Nora BERROUKECHE');
    expect(text).toContain('Gaël PERDRIAU');
  });

  it('the secretariat creates, numbers, annexes, transmits and publishes; the public page shows it without an account', async () => {
    const page = await e2e.open({ as: 'secretariat' });
    const register = new RegisterPage(page);
    await register.open();
    expect(await accessibilityViolations(page)).toEqual([]);
    await decidedItem(page, '2020-03-09', 'Convention du service commun SIG');
    await register.startNew();
    expect(await accessibilityViolations(page)).toEqual([]);
    await new NewDeliberationPage(page).create({
      item: 'Conseil métropolitain du 09/03/2020 — point 1 : Convention du service commun SIG',
      matter: '5.7 Intercommunalité',
      recitals: 'Vu le code général des collectivités territoriales, notamment son article L5211-4-2.',
      decision: 'Le Conseil Métropolitain approuve la convention du service commun SIG.',
    });
    const deliberation = new DeliberationPage(page);
    expect(plain(await deliberation.heading.textContent())).toBe('Délibération n° 2020.00080');
    expect(plain(await deliberation.fact('Décision').textContent())).toBe('Adoptée');
    expect(await accessibilityViolations(page)).toEqual([]);
    await deliberation.attach('Convention signée', { name: 'convention.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% convention\n') });
    expect(await page.getByRole('link', { name: 'convention.pdf' }).count()).toBe(1);
    // A publication before the adoption is refused next to its field, nothing written.
    await deliberation.publish('2020-03-01');
    expect(plain(await page.getByRole('form', { name: 'Publication' }).locator('.error').textContent())).toContain('précède l’adoption de la délibération (09/03/2020)');
    expect(await accessibilityViolations(page)).toEqual([]);
    await deliberation.publish('2020-03-12');
    await deliberation.transmit({ transmittedOn: '2020-03-11', acknowledgedOn: '2020-03-11', channel: 'DOTELEC - iXBus' });
    expect(plain(await deliberation.fact('Identifiant @ctes').textContent())).toBe('042-244200770-20200309-2020_00080-DE');
    expect(plain(await deliberation.fact('Exécutoire').textContent())).toBe('12/03/2020');
    expect(await page.getByRole('form', { name: 'Joindre une annexe' }).count()).toBe(0);
    expect(await deliberation.historyRows.count()).toBe(4);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'deliberation-publiee');
    const extract = plain(pdfText(await (await page.request.get(`${page.url()}/extrait.pdf`)).body()));
    expect(extract).toContain('DELIBERATION N°2020.00080');
    expect(extract).toContain('042-244200770-20200309-2020_00080-DE');
    expect(extract).toContain('Annexe 1 : Convention signée');

    const visitor = await e2e.open();
    await visitor.goto(`${BASE}/publication`);
    expect(plain(await visitor.getByRole('heading', { level: 1 }).textContent())).toBe('Actes publiés — Saint-Étienne Métropole');
    expect(await visitor.getByRole('heading', { level: 2, name: /Délibération n° 2020.0008?0/ }).count()).toBeGreaterThanOrEqual(1);
    expect(plain(await visitor.locator('article').first().textContent())).toContain('Convention du service commun SIG');
    expect(await accessibilityViolations(visitor)).toEqual([]);
    await screenshot(visitor, 'publication-publique');
  });
});
