import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { accessibilityViolations, overflowsHorizontally, screenshot } from './support/browser.ts';
import { BASE } from './support/accounts.ts';

const e2e = useE2e();

const PHONE = { width: 390, height: 844 };

/** The main pages, as the administrator sees them (the richest version of each). */
const PAGES: readonly [name: string, path: string][] = [
  ['accueil', BASE],
  ['communes', `${BASE}/communes?tri=population&ordre=desc`],
  ['commune', `${BASE}/communes/42218`],
  ['commune-acces', `${BASE}/communes/42207/acces`],
  ['collectivites', `${BASE}/collectivites`],
  ['utilisateurs', `${BASE}/utilisateurs`],
  ['journal', `${BASE}/journal`],
  ['accessibilite', '/accessibilite'],
  ['404', `${BASE}/communes/99999`],
];

describe('on a phone (390 × 844), no page scrolls sideways', () => {
  it('the login page', async () => {
    const page = await e2e.open({ viewport: PHONE });
    await page.goto('/connexion');
    await screenshot(page, 'telephone-connexion');
    expect(await overflowsHorizontally(page)).toBe(false);
  });

  it.for(PAGES)('%s', async ([name, path], test) => {
    const page = await e2e.open({ as: 'admin', viewport: PHONE, test });
    await page.goto(path);
    await screenshot(page, `telephone-${name}`);
    test.expect(await overflowsHorizontally(page)).toBe(false);
    test.expect(await accessibilityViolations(page)).toEqual([]);
  });
});
