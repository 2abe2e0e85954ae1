import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { BASE, plain } from './support/accounts.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { CataloguePage, IndicatorsPage, PortalPage, RequestsPage } from './pages/catalogue-pages.ts';

const e2e = useE2e();
const YEAR = new Date().getUTCFullYear();

describe('the catalogue of services to communes', () => {
  it('a commune requests an offer, the pooling team approves it, the indicator moves', async () => {
    const admin = await e2e.open({ as: 'admin' });
    const indicators = new IndicatorsPage(admin);
    // The report's figures of 2019, computed from the demo data.
    await indicators.open(2019);
    expect([await indicators.figure('sig', 'subscribedCommunes'), await indicators.figure('sig', 'accounts'), await indicators.figure('sig', 'peopleTrained'), await indicators.figure('rgpd', 'peopleTrained'), await indicators.figure('rgpd', 'communesRepresented')]).toEqual(['52', '148', '83', '57', '44']);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'catalogue-indicateurs-2019');
    await indicators.open(YEAR);
    expect(await indicators.figure('afcdp', 'subscribedCommunes')).toBe('39');

    const commune = await e2e.open({ as: 'saintChamond' });
    const catalogue = new CataloguePage(commune);
    await catalogue.open();
    expect(await catalogue.heading.count()).toBe(1);
    expect(await accessibilityViolations(commune)).toEqual([]);
    await screenshot(commune, 'catalogue-cartes');
    await catalogue.filter({ domain: 'Protection des données', commune: 'Saint-Chamond' });
    expect(await catalogue.titles()).toEqual(['Accompagnement au Règlement général sur la protection des données (RGPD)', 'Adhésion à l’AFCDP']);
    expect(await accessibilityViolations(commune)).toEqual([]);
    await catalogue.openPortal('Saint-Chamond');
    const portal = new PortalPage(commune);
    expect(plain(await portal.heading.textContent())).toBe('Services de Saint-Chamond');
    expect(await portal.stateOf('SIG métropolitain (système d’information géographique)')).toBe('Active');
    expect(plain(await commune.getByText('Offre réservée aux communes de moins de 2 000 habitants').textContent())).toContain('Saint-Chamond en compte 35 586');
    expect(await accessibilityViolations(commune)).toEqual([]);
    await portal.request('Adhésion à l’AFCDP');
    expect(plain(await portal.status.textContent())).toMatch(/^Demande d'adhésion à « Adhésion à l’AFCDP » envoyée/);
    expect(await portal.stateOf('Adhésion à l’AFCDP')).toBe('Demandée');
    expect(await accessibilityViolations(commune)).toEqual([]);
    await screenshot(commune, 'catalogue-portail-saint-chamond');
    // A commune user never reaches the pooling team's pages.
    expect((await commune.goto(`${BASE}/catalogue/demandes`))!.status()).toBe(403);

    const requests = new RequestsPage(admin);
    await requests.open();
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'catalogue-demandes');
    await requests.approve('Saint-Chamond');
    expect(plain(await requests.status.textContent())).toMatch(/^Demande acceptée/);
    await indicators.open(YEAR);
    expect(await indicators.figure('afcdp', 'subscribedCommunes')).toBe('40');

    await commune.goto(`${BASE}/communes/42207/services`);
    expect(await portal.stateOf('Adhésion à l’AFCDP')).toBe('Active');
    expect(await accessibilityViolations(commune)).toEqual([]);
  });

  it('every page of the pooling team passes axe', async () => {
    const admin = await e2e.open({ as: 'admin' });
    for (const [path, name] of [
      ['/catalogue/gestion', 'catalogue-gestion'],
      ['/catalogue/reseaux', 'catalogue-reseaux'],
      ['/catalogue/formations', 'catalogue-formations'],
    ] as const) {
      await admin.goto(`${BASE}${path}`);
      expect(await accessibilityViolations(admin), path).toEqual([]);
      await screenshot(admin, name);
    }
    await admin.goto(`${BASE}/catalogue`);
    await admin.getByRole('link', { name: 'SIG métropolitain (système d’information géographique)' }).click();
    await admin.waitForLoadState('load');
    expect(plain(await admin.getByRole('heading', { level: 1 }).textContent())).toBe('SIG métropolitain (système d’information géographique)');
    expect(plain(await admin.getByRole('table').locator('caption').textContent())).toBe('Communes adhérentes : 52');
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'catalogue-offre-sig');
  });
});
