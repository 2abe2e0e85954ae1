import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { TestClient } from '../platform/http/testing.ts';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as territory from '../territory/service.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { procurementStatisticsByYear, procurementYearStatistics } from './statistics-service.ts';
import * as procurement from './service.ts';
import { closePdfWorkers } from '../platform/documents/pdf.ts';
import { pdfText, xlsxRows } from '../platform/documents/testing.ts';

describe(`joint-purchasing statistics of the demo territory on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let app: App;
  beforeAll(async () => {
    db = await testDatabase();
    const demo = (await loadDemo(db))!;
    ctx = { territoryId: demo.id, actor: SYSTEM_ACTOR };
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await closePdfWorkers();
  });

  it('computes every figure of section V.1 of the 2020 report from the rows', async () => {
    const byYear = new Map((await procurementStatisticsByYear(db, ctx)).map((s) => [s.year, s]));
    // 2016: "9 marchés de travaux, de prestations de formations, de signalétique" — contracts, not groups.
    expect(byYear.get(2016)!.contractsFromGroups.value).toBe(9);
    expect(byYear.get(2016)!.contractsNotified.value).toBe(9);
    // 2017: 35 works contracts from 20 groups with the seven named partners.
    const y2017 = byYear.get(2017)!;
    expect([y2017.groupsConcluded.value, y2017.contractsFromGroups.value]).toEqual([20, 35]);
    expect(y2017.partnerEntities.rows.map((r) => r.name)).toEqual(['CC des Monts du Pilat', 'Châteauneuf', 'Firminy', 'La Talaudière', 'Saint-Étienne', 'Saint-Genest-Lerpt', 'Saint-Jean-Bonnefonds']);
    // 2018: 9 specific groups (two with L'Horme, two with Saint-Étienne), 22 contracts of the shared directions.
    const y2018 = byYear.get(2018)!;
    expect([y2018.groupsConcluded.value, y2018.contractsBySharedDirections.value]).toEqual([9, 22]);
    const partnerGroups = Object.fromEntries(y2018.partnerEntities.rows.map((r) => [r.name, r.groups]));
    expect(partnerGroups).toEqual({ 'La Grand-Croix': 1, "L'Horme": 2, 'Rive-de-Gier': 1, 'Saint-Étienne': 2, 'Saint-Héand': 1, 'Saint-Jean-Bonnefonds': 1, Sorbiers: 1 });
    // 2019: 24 groups with 12 different entities, the Métropole coordinator of 10, which led to 51 contracts.
    const y2019 = byYear.get(2019)!;
    expect([y2019.groupsConcluded.value, y2019.partnerEntities.value, y2019.groupsCoordinatedByEpci.value, y2019.contractsFromEpciCoordinatedGroups.value]).toEqual([24, 12, 10, 51]);
    expect(new Set(y2019.partnerEntities.rows.map((r) => r.kind))).toEqual(new Set(['commune', 'otherEpci', 'ccas']));
    // Each figure drills down to exactly the rows it counts, and states its rule.
    for (const s of byYear.values()) {
      for (const f of [s.groupsConcluded, s.partnerEntities, s.groupsCoordinatedByEpci, s.contractsFromGroups, s.contractsBySharedDirections]) {
        expect(f.rows).toHaveLength(f.value);
        expect(f.rule.length).toBeGreaterThan(20);
      }
    }
    // The group being formed in 2020 counts nowhere: its agreement is not signed.
    expect(byYear.has(2020)).toBe(false);
  });

  it('one more 2019 group moves the count from 24 to 25, in the service and on the page', async () => {
    const page = async () => {
      const client = new TestClient(app);
      expect((await client.login('elu@demo.mutualis.fr', DEMO_PASSWORD)).statusCode).toBe(303);
      const response = await client.get(`/t/${DEMO_SIREN}/achats/statistiques?annee=2019`);
      expect(response.statusCode).toBe(200);
      return /data-figure="groupsConcluded"[^>]*>\s*<span class="figure-value">(\d+)</.exec(response.body)?.[1];
    };
    expect((await procurementYearStatistics(db, ctx, 2019)).groupsConcluded.value).toBe(24);
    expect(await page()).toBe('24');
    const register = await territory.listCollectivities(db, ctx);
    const epci = register.find((c) => c.kind === 'epci')!;
    const villars = register.find((c) => c.name === 'Villars')!;
    const created = await procurement.createGroup(db, ctx, { reference: 'GC-2019-25', object: 'Contrôle des aires de jeux', scopes: ['services'], coordinatorId: epci.id, memberIds: [epci.id, villars.id], coordinatorMission: 'award' });
    // Still being formed: not concluded, not counted.
    expect((await procurementYearStatistics(db, ctx, 2019)).groupsConcluded.value).toBe(24);
    await procurement.signAgreement(db, ctx, created.id, '2019-12-16');
    const after = await procurementYearStatistics(db, ctx, 2019);
    expect(after.groupsConcluded.value).toBe(25);
    expect(after.partnerEntities.value).toBe(13);
    expect(after.groupsConcluded.rows.at(-1)!.reference).toBe('GC-2019-25');
    expect(await page()).toBe('25');
  });

  it('prints the year’s figures with their rules as PDF (chart, groups counted), XLSX and CSV', async () => {
    const client = new TestClient(app);
    expect((await client.login('finances@demo.mutualis.fr', DEMO_PASSWORD)).statusCode).toBe(303);
    const pdf = await client.get(`/t/${DEMO_SIREN}/achats/statistiques.pdf?annee=2018`);
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Achats groupés : les chiffres de 2018');
    // The figure, its value and its rule are on one row (the extracted text interleaves wrapped cells).
    expect(text).toMatch(/Marchés conclus par les directions 22 /);
    expect(text).toContain('Compte les marchés passés par une');
    expect(text).toContain('GC-2018-09');
    const xlsx = await client.get(`/t/${DEMO_SIREN}/achats/statistiques.xlsx?annee=2018`);
    const sheet = (await xlsxRows(xlsx.rawPayload))[0]!.rows;
    expect(sheet[0]).toEqual(['Chiffre', 'Valeur', 'Règle de compte']);
    expect(sheet.find((r) => r[0] === 'Groupements de commandes conclus')?.[1]).toBe('9');
    const csv = await client.get(`/t/${DEMO_SIREN}/achats/statistiques.csv?annee=2018`);
    expect(csv.body).toContain('Entités partenaires différentes;7;');
    expect((await client.get(`/t/${DEMO_SIREN}/achats/statistiques.pdf?annee=2031`)).statusCode).toBe(404);
  });
});
