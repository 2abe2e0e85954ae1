import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { plain } from './support/accounts.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { TerritoryHomePage } from './pages/territory-home-page.ts';
import { CommunesPage } from './pages/communes-page.ts';
import { CommunePage } from './pages/commune-page.ts';

const e2e = useE2e();

// axe runs here only on what roles.test.ts does not see: the table after an htmx swap.

describe('the territory as its people see it', () => {
  it('the home shows Saint-Étienne Métropole, its 53 communes and 407 700 inhabitants', async () => {
    const page = await e2e.open({ as: 'reader' });
    const home = new TerritoryHomePage(page);
    await home.open();
    expect(await home.heading.textContent()).toBe('Saint-Étienne Métropole');
    expect(await home.factText('Communes membres')).toBe('53');
    expect(await home.factText(/Population municipale/)).toBe('407 700 habitants');
    await screenshot(page, 'accueil');
    await home.openCommunes();
    const communes = new CommunesPage(page);
    expect(await communes.rows.count()).toBe(53);
    expect(await communes.captionText()).toBe('53 communes, 407 700 habitants');
  });

  it('sorting by population, descending, puts Saint-Étienne first', async () => {
    const page = await e2e.open({ as: 'reader' });
    const communes = new CommunesPage(page);
    await communes.open();
    await communes.sortBy('Population', 'descending');
    const names = await communes.communeNames();
    expect(names[0]).toBe('Saint-Étienne');
    expect(names).toHaveLength(53);
    await communes.sortBy('Population', 'ascending');
    expect((await communes.communeNames()).at(-1)).toBe('Saint-Étienne');
    await screenshot(page, 'communes-tri-population');
  });

  it('the live search (htmx) finds "saint etienne" typed without accents, keeping the sort', async () => {
    const page = await e2e.open({ as: 'reader' });
    const communes = new CommunesPage(page);
    await communes.open('?tri=population&ordre=desc');
    await communes.searchCommune('saint etienne');
    await expect.poll(() => communes.communeNames()).toEqual(['Saint-Étienne']);
    // The address follows the search, so it can be shared or bookmarked.
    const address = new URL(page.url()).searchParams;
    expect([address.get('q'), address.get('tri'), address.get('ordre')]).toEqual(['saint etienne', 'population', 'desc']);
    await expect.poll(() => communes.searchStatus.textContent()).toBe('1 commune trouvée.');
    expect(await communes.searchStatus.getAttribute('role')).toBe('status');
    await communes.searchCommune('saint');
    await expect.poll(async () => (await communes.communeNames()).length).toBeGreaterThan(5);
    const names = await communes.communeNames();
    expect(names[0]).toBe('Saint-Étienne');
    expect(names.every((n) => n.startsWith('Saint'))).toBe(true);
    expect(await communes.searchStatus.textContent()).toBe(`${names.length} communes trouvées.`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'communes-recherche-htmx');
    // The pushed address is a real page: reloaded, it shows the same search in full.
    await page.reload();
    expect(await communes.heading.count()).toBe(1);
    expect(await communes.searchBox.inputValue()).toBe('saint');
    expect(await communes.communeNames()).toEqual(names);
    await communes.searchCommune('zzz');
    await expect.poll(() => communes.searchStatus.textContent()).toBe('Aucune commune trouvée.');
    expect(plain(await page.locator('#communes').textContent())).toBe('Aucune commune ne correspond à « zzz ».');
  });

  it('the search works without JavaScript, by submitting the form', async () => {
    const page = await e2e.open({ as: 'reader', javaScriptEnabled: false });
    const communes = new CommunesPage(page);
    await communes.open();
    await communes.submitSearch('saint etienne');
    expect(await communes.communeNames()).toEqual(['Saint-Étienne']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('saint etienne');
    await communes.submitSearch('42207');
    expect(await communes.communeNames()).toEqual(['Saint-Chamond']);
  });

  it('a commune page shows its codes and populations', async () => {
    const page = await e2e.open({ as: 'reader' });
    const communes = new CommunesPage(page);
    await communes.open();
    await communes.openCommune('Saint-Étienne');
    const commune = new CommunePage(page);
    expect(await commune.heading.textContent()).toBe('Saint-Étienne');
    expect(await commune.populationRows.count()).toBeGreaterThan(0);
    // A reader does not reach the commune's restricted page.
    expect(await commune.restrictedLink.count()).toBe(0);
    await screenshot(page, 'commune-saint-etienne');
  });
});
