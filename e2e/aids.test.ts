import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { BASE, plain } from './support/accounts.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { clickAndLoad } from './pages/navigate.ts';
import { AidSearchPage, AlertsPage, SchemeFormPage } from './pages/aids-pages.ts';

const e2e = useE2e();

describe('the guide of financial aids', () => {
  it('a commune searches, saves its search, an aid is added, the alert appears', async () => {
    const commune = await e2e.open({ as: 'saintChamond' });
    const search = new AidSearchPage(commune);
    await search.open();
    expect(await search.heading.count()).toBe(1);
    await search.searchFor({ projectType: 'Écoles et bâtiments scolaires', text: 'écoles rénovées' });
    expect(await search.names()).toContain('Fonds vert — Rénovation énergétique des bâtiments publics locaux');
    expect(plain(await search.counts.textContent())).toMatch(/^\d+ aides? éligibles?, \d+ à vérifier, \d+ non éligibles?\.$/);
    expect(await accessibilityViolations(commune)).toEqual([]);
    await screenshot(commune, 'aides-recherche-saint-chamond');

    // Saint-Chamond (35 586 inhabitants) is not DETR-eligible, and the page says why.
    await search.searchFor({ projectType: 'Écoles et bâtiments scolaires', text: '' });
    expect(await search.ineligibleReasons('DETR — Dotation d’équipement des territoires ruraux')).toContain('cas 2 : population 35 586 > 20 000 : non éligible');
    expect(await accessibilityViolations(commune)).toEqual([]);
    await search.saveSearch('Écoles de Saint-Chamond');
    const alerts = new AlertsPage(commune);
    expect(plain(await alerts.notice.textContent())).toMatch(/^La recherche est enregistrée/);
    expect(await alerts.savedSearches.allTextContents()).toEqual(['Écoles de Saint-Chamond']);
    expect(await alerts.unreadNames.count()).toBe(0);
    expect(await accessibilityViolations(commune)).toEqual([]);

    const admin = await e2e.open({ as: 'admin' });
    const form = new SchemeFormPage(admin);
    await form.open();
    expect(await accessibilityViolations(admin)).toEqual([]);
    // A minimum above the maximum comes back next to its field, in French, nothing created.
    await form.create({ name: 'Cours d’école oasis', description: 'Végétaliser les cours d’école.', funder: 'Ministère de la Transition écologique', projectType: 'Écoles et bâtiments scolaires', keywords: 'cour oasis, école', criteria: 'population ≥ 5 000 et population ≤ 2 000' });
    expect(plain(await form.fieldError('Critères d’éligibilité (un cas par ligne)').textContent())).toMatch(/^Le minimum sur la population \(≥ 5 000\) dépasse le maximum \(≤ 2 000\)/);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await admin.getByLabel('Critères d’éligibilité (un cas par ligne)').fill('');
    await clickAndLoad(admin, admin.getByRole('button', { name: 'Créer l’aide' }));
    expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe('Cours d’école oasis');
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'aide-creee');

    await alerts.open();
    expect(await alerts.unreadNames.allTextContents()).toEqual(['Cours d’école oasis']);
    expect(await accessibilityViolations(commune)).toEqual([]);
    await screenshot(commune, 'alertes');
    await alerts.markAllRead();
    expect(await alerts.unreadNames.count()).toBe(0);
  });

  it('a project, its aids and the EPCI’s overview of funding obtained, every page accessible', async () => {
    const commune = await e2e.open({ as: 'saintChamond' });
    await commune.goto(`${BASE}/communes/42207/projets`);
    expect(await commune.getByRole('heading', { level: 1 }).textContent()).toBe('Projets de Saint-Chamond');
    expect(await accessibilityViolations(commune)).toEqual([]);
    await clickAndLoad(commune, commune.getByRole('link', { name: 'Rénovation énergétique du groupe scolaire Lamartine' }));
    expect(await commune.locator('article.funding h3').allTextContents()).toContain('DSIL — Dotation de soutien à l’investissement local');
    expect(await accessibilityViolations(commune)).toEqual([]);
    await screenshot(commune, 'projet-lamartine');
    // Another commune's projects are refused.
    expect((await commune.goto(`${BASE}/communes/42095/projets`))?.status()).toBe(403);

    const admin = await e2e.open({ as: 'admin' });
    await admin.goto(`${BASE}/financements`);
    const table = admin.getByRole('region', { name: 'Aides obtenues par année' });
    expect((await table.locator('tbody tr').allTextContents()).map(plain).slice(0, 2)).toEqual(['2018345 000,00 €', '2019460 000,00 €']);
    expect(await admin.locator('figure.chart img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'financements');
    await admin.goto(`${BASE}/aides/gestion`);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'gestion-aides');
    const aid = admin.getByRole('link', { name: 'DETR — Dotation d’équipement des territoires ruraux' });
    await clickAndLoad(admin, aid);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'aide-detr');
  });
});
