import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { plain } from './support/accounts.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { AgreementPage, CompensationPage, RegisterPage } from './pages/agreements-pages.ts';
import { clickAndLoad } from './pages/navigate.ts';

const e2e = useE2e();

describe('shared services and their agreements', () => {
  it('the register filters by theme; the three-way agreement shows who approved; Saint-Chamond approves amendment 2', async () => {
    const admin = await e2e.open({ as: 'admin' });
    const register = new RegisterPage(admin);
    await register.open('2020-06-01');
    expect(await register.heading.count()).toBe(1);
    expect(await register.services()).toContain("Direction Grands Travaux d'Infrastructures (GTI)");
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'conventions-registre');
    await register.filterBy({ theme: 'Numérique' });
    expect(await register.services()).toEqual(['Direction des systèmes d’information et du numérique (DSIN)', "Système d'information géographique métropolitain (SIG)"]);

    await register.open('2020-06-01');
    await register.openAgreement('CONV-GTI-2018-SC');
    const agreement = new AgreementPage(admin);
    expect(plain(await agreement.heading.textContent())).toBe('Convention CONV-GTI-2018-SC En vigueur');
    expect(await agreement.approvals()).toEqual([
      'Saint-Étienne Métropole Bureau métropolitain 14/06/2018 —',
      'Saint-Étienne Conseil municipal 04/06/2018 —',
      'Saint-Chamond Conseil municipal 26/06/2018 —',
    ]);
    expect((await agreement.amendmentRows(2)).at(-1)).toContain('Pas encore approuvé');
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'conventions-gti-2018');

    // Saint-Chamond's council approves amendment 2: it is then approved by all and governs from 2020.
    await agreement.recordApproval({ act: "L'avenant n° 2", party: 'Saint-Chamond', body: 'Conseil municipal', date: '2020-01-27', reference: '2020-012' });
    expect((await agreement.amendmentRows(2)).at(-1)).toBe("Saint-Chamond Titre de recettes 50 % au 30/06, 50 % au 15/12 Conseil municipal, 27/01/2020");
    expect(await agreement.approvalForm.count()).toBe(0);
  });

  it('a commune sees the agreements it is party to, aggregated staff, and its own AC', async () => {
    const page = await e2e.open({ as: 'saintChamond' });
    const register = new RegisterPage(page);
    await register.open();
    expect(await register.services()).toEqual(["Direction Grands Travaux d'Infrastructures (GTI)", "Système d'information géographique métropolitain (SIG)"]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await register.openAgreement('CONV-GTI-2018-SC');
    expect(await page.getByText('Le détail par agent est réservé').count()).toBe(1);
    expect(await page.getByText('(fictif)').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'conventions-vue-saint-chamond');
    await register.open();
    await clickAndLoad(page, page.getByRole('link', { name: 'Attribution de compensation de Saint-Chamond' }));
    expect(plain(await page.getByRole('heading', { level: 1 }).textContent())).toBe('Attribution de compensation de Saint-Chamond');
    expect(await new CompensationPage(page).communes()).toEqual(['2019', '2020']);
    expect(await accessibilityViolations(page)).toEqual([]);

    const finance = await e2e.open({ as: 'finance' });
    const register2 = new CompensationPage(finance);
    await register2.open(2019);
    expect(await register2.row('La Talaudière')).toContain('due par la commune');
    expect(await register2.row('Saint-Étienne')).toContain('Direction Générale Commune');
    expect(await accessibilityViolations(finance)).toEqual([]);
    await screenshot(finance, 'conventions-attributions-compensation');
    // A wrong amount is refused next to its field, the typed value kept; a right one is recorded.
    await register2.setAllocation({ commune: 'Sorbiers', year: '2019', amount: 'trois cents' });
    expect(plain(await finance.locator('#clectAmount-erreur').textContent())).toBe('Le champ « montant après CLECT » doit être un montant en euros (ex. −12 500,00 si la commune doit l’AC).');
    expect(await finance.getByLabel('Montant après CLECT (euros)').inputValue()).toBe('trois cents');
    expect(await accessibilityViolations(finance)).toEqual([]);
    await register2.setAllocation({ commune: 'Sorbiers', year: '2019', amount: '-12 500,00' });
    expect(await register2.row('Sorbiers')).toContain('due par la commune');
  });
});
