import { describe, expect, it, type ExpectStatic } from 'vitest';
import type { Page } from 'playwright-core';
import { useE2e } from './support/harness.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { ACCOUNTS, BASE, demoLogin, plain, type Account } from './support/accounts.ts';
import { SiteHeader } from './pages/site-header.ts';
import { TerritoryHomePage } from './pages/territory-home-page.ts';
import { CommunesPage } from './pages/communes-page.ts';
import { CommunePage, CommuneAccessPage } from './pages/commune-page.ts';
import { UsersPage } from './pages/users-page.ts';
import { ErrorPage } from './pages/error-page.ts';
import { LoginPage } from './pages/login-page.ts';

const e2e = useE2e();

/** What each demo account may reach (docs/permissions.md): the restricted commune page and the users page. */
const REACH: Record<Account, { restricted: 'all' | 'own' | 'none'; users: boolean; audit: boolean }> = {
  admin: { restricted: 'all', users: true, audit: true },
  finance: { restricted: 'all', users: false, audit: true },
  serviceHead: { restricted: 'none', users: false, audit: false },
  secretariat: { restricted: 'none', users: false, audit: false },
  saintChamond: { restricted: 'own', users: false, audit: false },
  firminy: { restricted: 'own', users: false, audit: false },
  reader: { restricted: 'none', users: false, audit: false },
};

/** Screenshots of every page for these accounts (the others look the same). */
const PHOTOGRAPHED: readonly Account[] = ['admin', 'saintChamond'];

/**
 * axe results by rendered page: what differs between two accounts' renderings of a page is often only the
 * person's name and the CSRF token, and axe on the same markup gives the same answer, so it runs once per
 * distinct page.
 */
const axeByMarkup = new Map<string, Promise<string[]>>();

async function check(page: Page, account: Account, name: string, expect: ExpectStatic): Promise<void> {
  const markup = (await page.content()).replaceAll(demoLogin(account).displayName, '').replace(/name="_csrf" value="[^"]*"/g, '');
  let violations = axeByMarkup.get(markup);
  if (!violations) {
    violations = accessibilityViolations(page);
    axeByMarkup.set(markup, violations);
  }
  expect(await violations).toEqual([]);
  if (PHOTOGRAPHED.includes(account)) await screenshot(page, `${account}-${name}`);
}

describe('every demo account browses every page it can reach, and each page passes axe (WCAG 2.1 AA)', () => {
  it('the login page', async () => {
    const page = await e2e.open();
    const response = await page.goto(`${BASE}/communes`);
    // Not signed in: sent to the login page, which will bring the person back.
    expect(new URL(page.url()).pathname).toBe('/connexion');
    expect(response?.status()).toBe(200);
    expect(await new LoginPage(page).heading.count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'connexion');
  });

  // Concurrent: each account in its own browser context, so the seven walks overlap.
  it.concurrent.for(Object.keys(ACCOUNTS) as Account[])('%s', async (account, test) => {
    const { expect } = test;
    const page = await e2e.open({ as: account, test });
    const login = demoLogin(account);
    const reach = REACH[account];
    const header = new SiteHeader(page);

    // Signing in leads to the only territory of the account.
    expect(new URL(page.url()).pathname).toBe(BASE);
    expect(plain(await header.personName.textContent())).toBe(login.displayName);
    const home = new TerritoryHomePage(page);
    expect(await home.heading.textContent()).toBe('Saint-Étienne Métropole');
    const nav = await header.navLabels();
    expect(nav).toEqual(expect.arrayContaining(['Accueil', 'Communes', 'Collectivités']));
    expect(nav.includes('Utilisateurs')).toBe(reach.users);
    expect(nav.includes("Journal d'audit")).toBe(reach.audit);
    expect(await header.currentNavLink.textContent()).toBe('Accueil');
    await check(page, account, 'accueil', expect);

    await header.goTo('Communes');
    const communes = new CommunesPage(page);
    expect(await communes.rows.count()).toBe(53);
    await check(page, account, 'communes', expect);

    const ownInsee = login.commune;
    const insee = ownInsee ?? '42218';
    const communeName = ownInsee === '42207' ? 'Saint-Chamond' : ownInsee === '42095' ? 'Firminy' : 'Saint-Étienne';
    await communes.openCommune(communeName);
    const commune = new CommunePage(page);
    expect(await commune.heading.textContent()).toBe(communeName);
    expect(await commune.restrictedLink.count()).toBe(reach.restricted === 'none' ? 0 : 1);
    await check(page, account, 'commune', expect);

    const access = new CommuneAccessPage(page);
    if (reach.restricted !== 'none') {
      await commune.openRestrictedPage();
      expect(plain(await access.heading.textContent())).toBe(`${communeName} : accès et contacts`);
      await check(page, account, 'commune-acces', expect);
    } else {
      expect(await access.open(insee)).toBe(403);
      expect(await new ErrorPage(page).heading.textContent()).toBe('Accès refusé');
      await check(page, account, 'commune-acces-403', expect);
    }

    await page.goto(BASE);
    await header.goTo('Collectivités');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Collectivités du territoire');
    await check(page, account, 'collectivites', expect);

    const users = new UsersPage(page);
    if (reach.users) {
      await page.goto(BASE);
      await header.goTo('Utilisateurs');
      expect(await users.heading.count()).toBe(1);
      // The demo accounts, and the second territory's administrator who reads this one too.
      expect(await users.rows.count()).toBe(Object.keys(ACCOUNTS).length + 1);
      expect(await users.form.count()).toBe(1);
      await check(page, account, 'utilisateurs', expect);
    } else {
      expect(await users.open()).toBe(403);
      const error = new ErrorPage(page);
      expect(await error.heading.textContent()).toBe('Accès refusé');
      expect(await error.messageText()).toBe('Votre rôle ne permet pas cette action.');
      await check(page, account, 'utilisateurs-403', expect);
    }

    if (reach.audit) {
      await page.goto(BASE);
      await header.goTo("Journal d'audit");
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe("Journal d'audit");
      await check(page, account, 'journal', expect);
    } else {
      expect((await page.goto(`${BASE}/journal`))?.status()).toBe(403);
    }

    await page.getByRole('link', { name: /Accessibilité/ }).click();
    await page.waitForURL('**/accessibilite');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe("Déclaration d'accessibilité");
    await check(page, account, 'accessibilite', expect);

    const error = new ErrorPage(page);
    expect(await error.open(`${BASE}/communes/99999`)).toBe(404);
    expect(await error.heading.textContent()).toBe('Page introuvable');
    expect(await error.messageText()).toBe("Cette commune n'appartient pas au territoire.");
    await check(page, account, 'commune-404', expect);

    expect(await error.open('/nulle-part')).toBe(404);
    expect(await error.heading.textContent()).toBe('Page introuvable');
    await check(page, account, 'adresse-404', expect);

    // A territory that does not exist looks exactly like one the person has no role in: 404.
    expect(await error.open('/t/200046977/communes')).toBe(404);
  });
});
