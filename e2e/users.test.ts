import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { BASE, plain } from './support/accounts.ts';
import { UsersPage } from './pages/users-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { CommuneAccessPage } from './pages/commune-page.ts';

const e2e = useE2e();

const NEWCOMER = { email: 'nouvelle.dgs@firminy.fr', name: 'Julie Perrin (DGS de Firminy)', password: 'un mot de passe assez long' };

describe('user administration', () => {
  it('the commune field is shown only for a commune user (CSS only, so also without JavaScript)', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const page = await e2e.open({ as: 'admin', javaScriptEnabled });
      const users = new UsersPage(page);
      await users.open();
      expect(await users.communeSelect.isVisible()).toBe(false);
      await users.roleSelect.selectOption({ label: 'Utilisateur communal' });
      expect(await users.communeSelect.isVisible()).toBe(true);
      await users.roleSelect.selectOption({ label: 'Finances' });
      expect(await users.communeSelect.isVisible()).toBe(false);
    }
  });

  it('refused input comes back in French next to the field, with the typed values kept', async () => {
    const page = await e2e.open({ as: 'admin' });
    const users = new UsersPage(page);
    await users.open();

    await users.addUser({ email: NEWCOMER.email, name: NEWCOMER.name, role: 'finance', password: 'court' });
    expect(await page.title()).toBe('Erreur : Utilisateurs · Mutualis');
    expect(await users.fieldError('passwordField')).toBe('Le champ « mot de passe » doit contenir au moins 12 caractères.');
    expect(await users.fieldError('emailField')).toBeNull();
    expect(await users.emailField.inputValue()).toBe(NEWCOMER.email);
    expect(await users.nameField.inputValue()).toBe(NEWCOMER.name);
    expect(await users.passwordField.inputValue()).toBe('');
    // The invalid field has the focus (autofocus: no script needed), so the person lands on it.
    expect(await users.passwordField.evaluate((field) => field === document.activeElement)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'utilisateurs-erreur-mot-de-passe');

    await users.addUser({ email: NEWCOMER.email, name: NEWCOMER.name, role: 'commune', password: NEWCOMER.password });
    expect(await users.fieldError('communeSelect')).toBe('Le champ « commune » doit désigner une commune membre du territoire pour un utilisateur communal.');
    expect(await users.communeSelect.isVisible()).toBe(true);

    await users.addUser({ email: 'finances@demo.mutualis.fr', name: 'Paul Girard', role: 'finance' });
    expect(await users.fieldError('roleSelect')).toBe('finances@demo.mutualis.fr a déjà ce rôle dans ce territoire.');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('an administrator gives a commune role to a new person, who can then sign in and reach only that commune', async () => {
    const admin = await e2e.open({ as: 'admin' });
    const users = new UsersPage(admin);
    await users.open();
    await users.addUser({ ...NEWCOMER, role: 'commune', commune: 'Firminy (42095)' });
    expect(new URL(admin.url()).pathname).toBe(`${BASE}/utilisateurs`);
    expect(plain(await users.notice.textContent())).toBe(`${NEWCOMER.name} a reçu le rôle « Utilisateur communal (Firminy) ».`);
    expect(await users.rolesOf(NEWCOMER.name)).toEqual(['Utilisateur communal (Firminy)']);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'utilisateurs-ajout');

    const firminy = new CommuneAccessPage(admin);
    expect(await firminy.open('42095')).toBe(200);
    expect(await firminy.peopleNames()).toEqual(['Julie Perrin (DGS de Firminy)', 'Marc Durand (mairie de Firminy)']);

    const newcomer = await e2e.open();
    await new LoginPage(newcomer).loginWith(NEWCOMER.email, NEWCOMER.password);
    expect(new URL(newcomer.url()).pathname).toBe(BASE);
    const access = new CommuneAccessPage(newcomer);
    expect(await access.open('42095')).toBe(200);
    expect(await access.open('42207')).toBe(403);

    // The role is removed: the person is gone from the list and loses the territory (404, as if it did not exist).
    await users.open();
    await users.removeRole(NEWCOMER.name, 'Utilisateur communal (Firminy)');
    expect(plain(await users.notice.textContent())).toBe('Le rôle a été retiré.');
    expect(await users.rowOf(NEWCOMER.name).count()).toBe(0);
    expect((await newcomer.goto(`${BASE}/communes`))?.status()).toBe(404);
  });

  it('an administrator cannot remove their own role', async () => {
    const page = await e2e.open({ as: 'admin' });
    const users = new UsersPage(page);
    await users.open();
    expect(await users.rolesOf('Claire Martin (mission mutualisation)')).toEqual(['Administration (mission mutualisation)']);
    expect(await users.rowOf('Claire Martin (mission mutualisation)').getByRole('button').count()).toBe(0);
    expect(await users.removeButton('Paul Girard (finances)', 'Finances').count()).toBe(1);
  });

  it('without users.manage, the form cannot be posted either (403)', async () => {
    const page = await e2e.open({ as: 'finance' });
    await page.goto(BASE);
    // The page's own CSRF token (from the sign-out form): only the role is missing.
    const csrf = await page.locator('form.logout input[name="_csrf"]').inputValue();
    const response = await page.request.post(`${BASE}/utilisateurs`, {
      form: { _csrf: csrf, email: 'intrus@example.fr', displayName: 'Intrus', role: 'admin', password: 'un mot de passe assez long' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    const admin = await e2e.open({ as: 'admin' });
    const users = new UsersPage(admin);
    await users.open();
    expect(await users.rowOf('Intrus').count()).toBe(0);
  });
});
