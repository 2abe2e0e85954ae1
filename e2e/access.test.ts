import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { BASE, plain, SECOND_TERRITORY, TWO_TERRITORIES } from './support/accounts.ts';
import { LoginPage } from './pages/login-page.ts';
import { SiteHeader } from './pages/site-header.ts';
import { CommunePage, CommuneAccessPage } from './pages/commune-page.ts';
import { ErrorPage } from './pages/error-page.ts';
import { TerritoryChoicePage } from './pages/territory-choice-page.ts';
import { TerritoryHomePage } from './pages/territory-home-page.ts';

const e2e = useE2e();

describe('signing in and out', () => {
  it('a wrong password gets a French error, the address kept, and no session', async () => {
    const page = await e2e.open();
    const login = new LoginPage(page);
    await login.open();
    await login.loginWith('admin@demo.mutualis.fr', 'pas-le-bon-mot-de-passe');
    expect(new URL(page.url()).pathname).toBe('/connexion');
    expect(plain(await login.error.textContent())).toBe('Adresse électronique ou mot de passe incorrect.');
    expect(await login.email.inputValue()).toBe('admin@demo.mutualis.fr');
    expect(await login.email.getAttribute('aria-describedby')).toBe(await login.error.getAttribute('id'));
    expect(await login.password.inputValue()).toBe('');
    expect(await page.title()).toBe('Erreur : Connexion · Mutualis');
    expect(await login.password.evaluate((field) => field === document.activeElement)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'connexion-erreur');
    await page.goto(BASE);
    expect(new URL(page.url()).pathname).toBe('/connexion');
  });

  it('after signing in from a deep link, the person lands where they were going', async () => {
    const page = await e2e.open();
    await page.goto(`${BASE}/communes/42095`);
    const login = new LoginPage(page);
    await login.loginAs('firminy');
    expect(new URL(page.url()).pathname).toBe(`${BASE}/communes/42095`);
    expect(await new CommunePage(page).heading.textContent()).toBe('Firminy');
  });

  it('signing out ends the session', async () => {
    const page = await e2e.open({ as: 'finance', freshSession: true });
    const header = new SiteHeader(page);
    expect(plain(await header.personName.textContent())).toBe('Paul Girard (finances)');
    await header.logout();
    expect(new URL(page.url()).pathname).toBe('/connexion');
    expect(await header.logoutButton.count()).toBe(0);
    await page.goto(BASE);
    expect(new URL(page.url()).pathname).toBe('/connexion');
  });
});

describe("a commune's restricted page", () => {
  it('a Saint-Chamond user opens their own commune’s restricted page, and gets 403 on Firminy’s', async () => {
    const page = await e2e.open({ as: 'saintChamond' });
    const commune = new CommunePage(page);
    await commune.open('42207');
    await commune.openRestrictedPage();
    const access = new CommuneAccessPage(page);
    expect(plain(await access.heading.textContent())).toBe('Saint-Chamond : accès et contacts');
    expect(await access.peopleNames()).toEqual(['Sophie Faure (mairie de Saint-Chamond)']);

    await commune.open('42095');
    expect(await commune.restrictedLink.count()).toBe(0);
    expect(await access.open('42095')).toBe(403);
    const error = new ErrorPage(page);
    expect(await error.heading.textContent()).toBe('Accès refusé');
    // Nothing of Firminy's restricted page leaks into the refusal.
    expect(await page.content()).not.toContain('Marc Durand');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'commune-acces-403');
  });

  it('finance reads every commune’s restricted page', async () => {
    const page = await e2e.open({ as: 'finance' });
    const access = new CommuneAccessPage(page);
    expect(await access.open('42095')).toBe(200);
    expect(await access.peopleNames()).toEqual(['Marc Durand (mairie de Firminy)']);
    expect(await access.open('42218')).toBe(200);
    expect(await page.getByText("Aucune personne n'a encore de rôle communal pour cette commune.").count()).toBe(1);
  });
});

describe('the content security policy', () => {
  it('forbids inline scripts and styles, and the console watch sees any violation', async () => {
    const page = await e2e.open({ as: 'reader' });
    await page.goto(BASE);
    const csp = (await page.request.get(BASE)).headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    // htmx is loaded from /static and configured not to inject its indicator styles.
    expect(await page.evaluate(() => typeof (globalThis as { htmx?: unknown }).htmx)).toBe('object');
    // A violation on purpose: the watch that checks every page of every test must report it.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.title = "injecté"';
      document.body.append(script);
      const style = document.createElement('style');
      style.textContent = 'body { color: red }';
      document.head.append(style);
    });
    await expect.poll(() => e2e.problems(page).length).toBe(2);
    expect(await page.title()).not.toBe('injecté');
    expect(e2e.problems(page).every((p) => p.includes('Content Security Policy'))).toBe(true);
    e2e.problems(page).length = 0;
  });
});

describe('territories are walled off from one another', () => {
  const OTHER = `/t/${SECOND_TERRITORY.siren}`;

  it('nothing of another territory is visible, not even that it exists: 404 for its home, communes and pages', async () => {
    for (const account of ['admin', 'saintChamond'] as const) {
      const page = await e2e.open({ as: account });
      const error = new ErrorPage(page);
      for (const path of [OTHER, `${OTHER}/communes`, `${OTHER}/communes/${SECOND_TERRITORY.cityInsee}`, `${OTHER}/communes/${SECOND_TERRITORY.cityInsee}/acces`, `${OTHER}/utilisateurs`]) {
        expect(await error.open(path), `${account} ${path}`).toBe(404);
        expect(await error.heading.textContent()).toBe('Page introuvable');
        expect(await page.content()).not.toContain('Grenoble');
      }
      // The same answer as for a territory that does not exist at all.
      expect(await error.open('/t/200046977')).toBe(404);
    }
  });

  it('a person with roles in two territories chooses one, and sees each one’s own figures', async () => {
    const page = await e2e.open();
    await new LoginPage(page).loginWith(TWO_TERRITORIES.email, TWO_TERRITORIES.password);
    const choice = new TerritoryChoicePage(page);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await choice.heading.count()).toBe(1);
    expect(await choice.territoryNames()).toEqual([SECOND_TERRITORY.name, 'Saint-Étienne Métropole']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'vos-territoires');

    await choice.enter(SECOND_TERRITORY.name);
    const home = new TerritoryHomePage(page);
    expect(new URL(page.url()).pathname).toBe(OTHER);
    expect(await home.heading.textContent()).toBe(SECOND_TERRITORY.name);
    expect(await home.factText('Communes membres')).toBe(String(SECOND_TERRITORY.communes));
    expect(plain(await new SiteHeader(page).territoryName.textContent())).toBe(SECOND_TERRITORY.name);

    await home.open();
    expect(await home.heading.textContent()).toBe('Saint-Étienne Métropole');
    expect(await home.factText('Communes membres')).toBe('53');
    // Reader here, administrator there: the users page is refused in this territory only.
    expect((await page.goto(`${BASE}/utilisateurs`))?.status()).toBe(403);
    expect((await page.goto(`${OTHER}/utilisateurs`))?.status()).toBe(200);
  });
});
