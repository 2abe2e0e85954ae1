import { describe, expect, it } from 'vitest';
import { useE2e } from './support/harness.ts';
import { BASE, plain } from './support/accounts.ts';
import { accessibilityViolations, screenshot } from './support/browser.ts';
import { ChargingOverviewPage, CostsPage, RunPage, StatementPage } from './pages/charging-pages.ts';

const e2e = useE2e();

describe('yearly charging, from the costs to a commune’s statement', () => {
  it('finance imports costs, runs and validates version 2, a commune opens its statement and its explanation', async () => {
    const finance = await e2e.open({ as: 'finance' });
    const costs = new CostsPage(finance);
    await costs.open(2019, 'actual');
    expect(plain(await costs.heading.textContent())).toBe('Coûts réalisés 2019');
    expect(await accessibilityViolations(finance)).toEqual([]);

    // A file with text in an amount cell: refused, the cell named, nothing written.
    const before = plain(await costs.caption.textContent());
    await costs.importFile('couts.csv', 'service;categorie;libelle;montant;attribue_a\nGTI;fonctionnement;Location de nacelle;douze;42207\n');
    expect(await costs.message()).toContain('Ligne 2, colonne « montant » : Montant « douze » illisible');
    expect(plain(await costs.caption.textContent())).toBe(before);
    await costs.importFile('couts.csv', 'service;categorie;libelle;montant;attribue_a\nGTI;fonctionnement;Location de nacelle pour Saint-Chamond;1 250,00;42207\n');
    expect(await costs.message()).toBe('1 ligne(s) de coûts importée(s).');
    await screenshot(finance, 'refacturation-couts');

    const overview = new ChargingOverviewPage(finance);
    await overview.open(2019);
    expect(await accessibilityViolations(finance)).toEqual([]);
    await overview.launch('Définitif (compte administratif)');
    const run = new RunPage(finance);
    expect(plain(await run.heading.textContent())).toBe('Définitif (compte administratif) 2019, version 2');
    expect(await run.diffRows.count()).toBeGreaterThan(0);
    expect(plain(await run.diffRows.filter({ hasText: 'Saint-Chamond' }).first().textContent())).toContain('Direction Grands Travaux');
    expect(await accessibilityViolations(finance)).toEqual([]);
    await run.validate();
    expect(plain(await run.status.textContent())).toMatch(/^Statut : Validé/);
    await screenshot(finance, 'refacturation-calcul');

    // Saint-Chamond sees its own statement, with the chain behind each amount; not Firminy's.
    const commune = await e2e.open({ as: 'saintChamond' });
    await commune.goto(`${BASE}/refacturation/2019/final`);
    await new RunPage(commune).openStatementOf('Saint-Chamond');
    const statement = new StatementPage(commune);
    expect(plain(await statement.heading.textContent())).toBe('État de refacturation 2019 : Saint-Chamond');
    const chain = await statement.explain("Direction Grands Travaux d'Infrastructures", 'Location de nacelle');
    expect(chain).toBe('Ligne de coût : 1 250,00 € → règle : attribution directe : charge engagée pour la seule collectivité → 1 250,00 €');
    expect(await accessibilityViolations(commune)).toEqual([]);
    await screenshot(commune, 'refacturation-etat-saint-chamond');
    expect((await commune.goto(`${BASE}/refacturation/2019/final/communes/42095`))?.status()).toBe(403);
  });
});
