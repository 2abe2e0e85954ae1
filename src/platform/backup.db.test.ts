import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createDatabase, type Database } from './db/database.ts';
import { testDatabase, testDatabaseKind } from './db/testing.ts';
import { backupTerritory, restoreTerritory } from './backup.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as territory from '../territory/service.ts';
import * as access from '../access/service.ts';

// The source is always PGlite, so that on PostgreSQL this is the migration path PGlite → PostgreSQL.
describe(`backup from PGlite and restore on ${testDatabaseKind}`, () => {
  let source: Database;
  let target: Database;
  let dump: Buffer;

  beforeAll(async () => {
    source = await createDatabase({});
    const demo = (await loadDemo(source))!;
    // Values that must survive exactly: a decimal-free population, accents, an apostrophe, a SIRET.
    const ctx = { territoryId: demo.id, actor: { personId: null, label: "test d'intégrité" } };
    await territory.addCollectivity(source, ctx, { kind: 'syndicate', name: "Syndicat d'énergies « SIEL »", siren: '264200544', siret: '26420054400015' });
    dump = (await backupTerritory(source, DEMO_SIREN)).data;
    target = await testDatabase();
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('restores into an empty database, and dumping again gives the same bytes', async () => {
    const result = await restoreTerritory(target, dump);
    expect(result.territory.siren).toBe(DEMO_SIREN);
    const again = (await backupTerritory(target, DEMO_SIREN)).data;
    expect(gunzipSync(again).toString('utf8')).toBe(gunzipSync(dump).toString('utf8'));
    expect(again.equals(dump)).toBe(true);
  });

  it('the restored territory is whole: communes, users who can log in, an intact audit chain', async () => {
    // target holds the territory restored by the previous test.
    const restored = (await access.territoriesOf(target, (await access.authenticate(target, 'admin@demo.mutualis.fr', 'mutualis-demo'))!.id))[0]!;
    expect(restored.siren).toBe(DEMO_SIREN);
    const overview = await territory.territoryOverview(target, { territoryId: restored.id, actor: { personId: null, label: 't' } }, '2026-11-28');
    expect(overview).toMatchObject({ communeCount: 53, population: 407700 });
    expect(await access.authenticate(target, 'admin@demo.mutualis.fr', 'mutualis-demo')).not.toBeNull();
    expect(await verifyAuditChain(target, restored.id)).toMatchObject({ ok: true });
  });

  it('refuses a territory that already exists, a truncated and a corrupted file, writing nothing', async () => {
    await expect(restoreTerritory(target, dump)).rejects.toMatchObject({ status: 409 });
    const empty = await testDatabase();
    try {
      const text = gunzipSync(dump);
      await expect(restoreTerritory(empty, dump.subarray(0, dump.length - 40))).rejects.toThrow(/tronqué ou altéré/);
      await expect(restoreTerritory(empty, gzipSync(text.subarray(0, text.length - 200)))).rejects.toThrow(/tronqué ou altéré/);
      const altered = Buffer.from(text.toString('utf8').replace('Saint-Chamond', 'Saint-Chamonx'));
      await expect(restoreTerritory(empty, gzipSync(altered))).rejects.toThrow(/tronqué ou altéré/);
      await expect(restoreTerritory(empty, Buffer.from('pas une sauvegarde'))).rejects.toThrow(/tronqué ou altéré/);
      await expect(backupTerritory(empty, DEMO_SIREN)).rejects.toMatchObject({ status: 404 });
    } finally {
      await empty.close();
    }
  });
});
