import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { plain } from './support/accounts.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { DashboardPage } from './pages/dashboard-pages.ts';

const e2e = useE2e();

describe('dashboards', () => {
  it('a reader reads every module’s indicators, filters a year and downloads a chart’s data', async () => {
    const page = await e2e.open({ as: 'reader' });
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    expect(plain(await dashboard.heading.textContent())).toBe('Tableau de bord de Saint-Étienne Métropole');
    expect(await dashboard.titles()).toEqual([
      'Coûts des services communs par année',
      'Coûts par service commun (2019)',
      'Parts réparties par collectivité (2019)',
      'Adhésions aux offres de services (2019)',
      'Formations et réunions par année',
      'Achats groupés par année',
      'Aides obtenues par année',
      'Délibérations par année',
    ]);
    expect(await dashboard.rows('Achats groupés par année')).toContain('2019 | 24 | 51 | 51 | 2 164 500,00 €');
    expect(await dashboard.rows('Adhésions aux offres de services (2019)')).toContain('SIG métropolitain (système d’information géographique) | 52 | 148');
    expect(await dashboard.chartLoaded('Parts réparties par collectivité (2019)')).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'tableau-de-bord-territoire');

    const csv = await dashboard.downloadCsv('Achats groupés par année');
    expect(csv.filename).toBe('tableau-de-bord-saint-etienne-metropole-achats.csv');
    expect(csv.text).toContain('2019;24;51;51;2164500,00');

    await dashboard.filterYear('2018');
    expect(page.url()).toMatch(/tableau-de-bord\?annee=2018$/);
    expect(await dashboard.rows('Achats groupés par année')).toEqual(['2018 | 9 | 0 | 22 | 1 630 200,00 €']);
    expect(await dashboard.rows('Coûts par service commun (2018)')).toEqual(['Aucune donnée']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'tableau-de-bord-2018');
  });

  it('a commune user sees its commune’s dashboard only', async () => {
    const page = await e2e.open({ as: 'saintChamond' });
    const dashboard = new DashboardPage(page);
    await dashboard.open('42207');
    expect(plain(await dashboard.heading.textContent())).toBe('Tableau de bord de Saint-Chamond');
    expect((await dashboard.rows('Charges de la commune par année'))[0]).toMatch(/^2019 \| [\d ]+,\d\d €$/);
    expect(await dashboard.rows('Délibérations du conseil municipal')).toEqual(['Aucune donnée']);
    expect(await dashboard.chartLoaded('Charges de la commune par service (2019)')).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'tableau-de-bord-commune');

    const refused = await page.goto(`${new URL(page.url()).origin}/t/244200770/communes/42095/tableau-de-bord`);
    expect(refused?.status()).toBe(403);
    const territory = await page.goto(`${new URL(page.url()).origin}/t/244200770/tableau-de-bord`);
    expect(territory?.status()).toBe(403);
  });

  it('finance opens a commune’s dashboard too', async () => {
    const page = await e2e.open({ as: 'finance' });
    const dashboard = new DashboardPage(page);
    await dashboard.open('42095', 2019);
    expect(plain(await dashboard.heading.textContent())).toBe('Tableau de bord de Firminy — 2019');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
