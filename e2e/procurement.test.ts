import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { BASE, plain } from './support/accounts.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { ContractFormPage, ContractPage, GroupPage, GroupsPage, NeedsPage, StatisticsPage } from './pages/procurement-pages.ts';

const e2e = useE2e();

describe('joint purchasing, from the group to the consumption', () => {
  it('the EPCI creates a group, two communes declare their needs, a contract is recorded and consumed', async () => {
    const admin = await e2e.open({ as: 'admin' });
    const groups = new GroupsPage(admin);
    await groups.open();
    expect(await groups.heading.count()).toBe(1);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await groups.createGroup({ reference: 'GC-2020-09', object: 'Fourniture de papier recyclé', scopes: ['Fournitures'], members: ['Saint-Chamond', 'Firminy'] });
    const group = new GroupPage(admin);
    expect(plain(await group.heading.textContent())).toBe('Groupement GC-2020-09');
    await group.addLot('Papier A4 recyclé', 'ramette');
    expect(plain(await group.missing.textContent())).toBe('Besoins non déclarés : Firminy, Saint-Chamond, Saint-Étienne Métropole.');
    const groupUrl = admin.url().split('#')[0]!;

    // Each commune fills in its own needs; it sees its line, not the other's.
    for (const [account, commune, quantity, amount] of [['saintChamond', 'Saint-Chamond', '500', '1 500,00'], ['firminy', 'Firminy', '300', '900']] as const) {
      const page = await e2e.open({ as: account });
      await page.goto(groupUrl);
      await new GroupPage(page).openNeedsOf(commune);
      expect(await accessibilityViolations(page)).toEqual([]);
      const needs = new NeedsPage(page);
      await needs.declare(commune, 'Lot 1 : Papier A4 recyclé', quantity, amount);
      expect(plain(await needs.status.textContent())).toMatch(/^Besoins enregistrés/);
      if (account === 'firminy') {
        await page.goto(groupUrl);
        const lot = new GroupPage(page).lotTable(1);
        expect((await lot.locator('tbody tr', { hasText: 'Saint-Chamond' }).locator('td').allTextContents()).map(plain)).toEqual(['Saint-Chamond', 'réservé au membre et au coordonnateur']);
        await screenshot(page, 'achats-groupement-vu-par-firminy');
      }
    }

    // The coordinator sees the totals and who is missing, then takes the group to its launch.
    await admin.goto(groupUrl);
    expect(await group.lotTotal(1)).toEqual(['800', '2 400,00 €', '']);
    expect(plain(await group.missing.textContent())).toBe('Besoins non déclarés : Saint-Étienne Métropole.');
    for (const member of ['Firminy', 'Saint-Chamond', 'Saint-Étienne Métropole']) await group.recordApproval(member, member.startsWith('Saint-É') ? 'Bureau métropolitain' : 'Conseil municipal', '2020-02-10', 'n° 2020-014');
    await group.signAgreement('2020-02-20');
    await group.launch('2020-03-02');
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'achats-groupement');

    await group.openNewContract();
    expect(await accessibilityViolations(admin)).toEqual([]);
    await new ContractFormPage(admin).record({ reference: 'M20-PAP-1', object: 'Papier A4 recyclé', cpv: '30197630-1', notifiedOn: '2020-05-04', months: '24', amount: '2 000', place: '42218', supplier: 'Papeterie du Forez (fictive)', siret: '55204599900869' });
    const contract = new ContractPage(admin);
    expect(plain(await contract.heading.textContent())).toBe('Marché M20-PAP-1');
    await contract.recordConsumption('Saint-Chamond', '2020-09', '1 800');
    await contract.recordConsumption('Firminy', '2020-10', '450');
    expect(plain(await contract.ceiling.textContent())).toBe(
      'Plafond dépassé : 2 250,00 € consommés pour un montant HT en vigueur de 2 000,00 €, soit 250,00 € au-delà. Une modification du marché ou un nouveau marché est nécessaire.',
    );
    expect(await contract.consumptionRows()).toEqual(['Firminy 450,00 € 900,00 € dans le besoin', 'Saint-Chamond 1 800,00 € 1 500,00 € au-delà du besoin déclaré']);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'achats-marche');
  });

  it('the yearly statistics show the report’s figures, computed, with their rule, and drill down to the rows', async () => {
    const page = await e2e.open({ as: 'reader' });
    const stats = new StatisticsPage(page);
    await stats.open(2019);
    expect([await stats.figure('groupsConcluded'), await stats.figure('partnerEntities'), await stats.figure('groupsCoordinatedByEpci'), await stats.figure('contractsFromEpciCoordinatedGroups')]).toEqual(['24', '12', '10', '51']);
    expect(await stats.rule('groupsConcluded')).toMatch(/convention constitutive a été signée dans l’année/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'achats-statistiques-2019');
    await stats.openDetail('partnerEntities');
    expect(await stats.detailRows.count()).toBe(12);
    await stats.open(2016);
    expect(await stats.figure('contractsFromGroups')).toBe('9');
    expect(await stats.rule('contractsFromGroups')).toMatch(/^Compte des marchés, pas des groupements/);
    // A commune user does not reach the statistics (they drill down to every group).
    const commune = await e2e.open({ as: 'saintChamond' });
    expect((await commune.goto(`${BASE}/achats/statistiques`))?.status()).toBe(403);
  });

  it('the contracts list and the DECP page pass axe; 2018 publishes only what was notified from October', async () => {
    const page = await e2e.open({ as: 'admin' });
    await page.goto(`${BASE}/achats/marches`);
    expect(await accessibilityViolations(page)).toEqual([]);
    // 2018: essential data are due from 1 October 2018 only, so most of that year's contracts are not published.
    await page.goto(`${BASE}/achats/decp?annee=2018`);
    expect(plain(await page.locator('main caption').first().textContent())).toBe('5 marchés publiés, 17 non publiés en 2018');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'achats-decp');
  });
});
