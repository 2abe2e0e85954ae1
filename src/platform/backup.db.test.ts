import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { createDatabase, GLOBAL_SCOPE, rows, type Database } from './db/database.ts';
import { testDatabase, testDatabaseKind } from './db/testing.ts';
import { backupTerritory, readBackup, restoreTerritory, type BackupHeader } from './backup.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { TERRITORY_TABLES } from './db/registry.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import { findOfficialEpci, type OfficialEpci } from '../territory/official-data.ts';
import * as territory from '../territory/service.ts';
import * as access from '../access/service.ts';

const ACTOR = { personId: null, label: "test d'intégrité" };
/** CA Cannes Pays de Lérins: 5 communes, a second territory that must never leak into the demo's backup. */
const OTHER_SIREN = '200039915';
const SHARED_EMAIL = 'admin@demo.mutualis.fr';

function epci(siren: string): OfficialEpci {
  const found = findOfficialEpci(siren);
  if (!('found' in found)) throw new Error(siren);
  return found.found;
}

/** The file's text split into its header and its body (everything the SHA-256 covers). */
function split(data: Buffer): { header: BackupHeader; body: string } {
  const text = gunzipSync(data).toString('utf8');
  const newline = text.indexOf('\n');
  return { header: JSON.parse(text.slice(0, newline)) as BackupHeader, body: text.slice(newline + 1) };
}

/** A backup edited on purpose, with a SHA-256 that matches again: only the deeper checks can refuse it. */
function reseal(data: Buffer, edit: (body: string, header: BackupHeader) => { body: string; header?: BackupHeader }): Buffer {
  const original = split(data);
  const edited = edit(original.body, original.header);
  const body = edited.body.slice(0, -1);
  const header = { ...(edited.header ?? original.header), sha256: createHash('sha256').update(body).digest('hex') };
  return gzipSync(`${JSON.stringify(header)}\n${body}\n`);
}

async function counts(db: Database): Promise<{ territories: number; people: number }> {
  const [row] = await db.transaction(GLOBAL_SCOPE, (tx) =>
    rows<{ territories: number; people: number }>(tx, sql`select (select count(*)::int from territories) as territories, (select count(*)::int from people) as people`),
  );
  return row!;
}

// The source is always PGlite, so that on PostgreSQL this is the migration path PGlite → PostgreSQL.
describe(`backup from PGlite and restore on ${testDatabaseKind}`, () => {
  let source: Database;
  let target: Database;
  let dump: Buffer;
  let demoId: string;

  beforeAll(async () => {
    source = process.env.DATABASE_URL ? await createDatabase({}) : await testDatabase();
    const demo = (await loadDemo(source))!;
    demoId = demo.id;
    // Values that must survive exactly: accents, an apostrophe, guillemets, a SIRET.
    await territory.addCollectivity(source, { territoryId: demo.id, actor: ACTOR }, { kind: 'syndicate', name: "Syndicat d'énergies « SIEL »", siren: '264200544', siret: '26420054400015' });
    // A second territory, and the demo administrator holding a role there too.
    const other = await territory.createTerritoryFromOfficialData(source, ACTOR, epci(OTHER_SIREN));
    await access.addUser(source, { territoryId: other.id, actor: ACTOR }, { email: SHARED_EMAIL, displayName: 'Claire Martin', role: 'reader' }, new Set());
    dump = (await backupTerritory(source, DEMO_SIREN)).data;
    target = await testDatabase();
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('holds the territory, its people and its audit chain, and nothing of another territory', () => {
    const { header, tables } = readBackup(dump);
    expect(header).toMatchObject({ format: 'mutualis-sauvegarde', version: 1, schema: expect.any(String), territory: { id: demoId, siren: DEMO_SIREN } });
    expect(Object.keys(header.tables)).toEqual(['territories', 'people', ...TERRITORY_TABLES.map((t) => t.name), 'audit_log']);
    // 55: the EPCI, 53 communes, the syndicate above; + 3 outside bodies of the procurement demo.
    expect(header.tables).toMatchObject({ territories: 1, people: 7, collectivities: 58, memberships: 53, role_assignments: 7 });
    for (const [table, list] of tables) {
      if (table !== 'territories' && table !== 'people') expect(list.every((r) => r.value.territory_id === demoId)).toBe(true);
    }
    const people = tables.get('people')!.map((p) => p.value);
    expect(people.map((p) => p.email)).toContain(SHARED_EMAIL);
    expect(people.every((p) => typeof p.password_hash === 'string')).toBe(true);
    expect(split(dump).body).not.toMatch(/Cannes|token_hash|sessions/);
  });

  it('restores into an empty database, and dumping again gives the same content', async () => {
    const result = await restoreTerritory(target, dump);
    expect(result).toMatchObject({ territory: { siren: DEMO_SIREN }, peopleCreated: 7, peopleReused: 0 });
    expect(result.rows).toBe(Object.values(readBackup(dump).header.tables).reduce((a, b) => a + b, 0));
    const again = split((await backupTerritory(target, DEMO_SIREN)).data);
    const first = split(dump);
    expect(again.body).toBe(first.body);
    expect({ ...again.header, createdAt: null }).toEqual({ ...first.header, createdAt: null });
  });

  it('the restored territory is whole: communes, users who can log in, the same audit chain that verifies', async () => {
    const admin = await access.authenticate(target, SHARED_EMAIL, DEMO_PASSWORD);
    expect(admin).not.toBeNull();
    const restored = await access.territoriesOf(target, admin!.id);
    expect(restored.map((t) => t.siren)).toEqual([DEMO_SIREN]);
    const overview = await territory.territoryOverview(target, { territoryId: demoId, actor: ACTOR }, '2026-11-28');
    expect(overview).toMatchObject({ communeCount: 53, population: 407700 });
    const chain = await verifyAuditChain(target, demoId);
    expect(chain).toMatchObject({ ok: true, entries: readBackup(dump).header.tables.audit_log });
  });

  it('refuses a territory that is already there, changing nothing', async () => {
    const before = await counts(target);
    await expect(restoreTerritory(target, dump)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('existe déjà') });
    expect(await counts(target)).toEqual(before);
  });

  it('refuses truncated, corrupted, edited and foreign files before writing anything', async () => {
    const empty = await testDatabase();
    try {
      const text = gunzipSync(dump);
      const refusals: [Buffer, RegExp][] = [
        [dump.subarray(0, dump.length - 40), /tronqué ou altéré/],
        [gzipSync(text.subarray(0, text.length - 200)), /tronqué ou altéré/],
        [gzipSync(text.subarray(0, text.indexOf(0x0a) + 1)), /tronqué ou altéré/],
        [gzipSync(Buffer.from(text.toString('utf8').replace('Saint-Chamond', 'Saint-Chamonx'))), /tronqué ou altéré/],
        [Buffer.from('pas une sauvegarde'), /tronqué ou altéré/],
        [gzipSync('{"format":"autre chose"}\n'), /pas une sauvegarde Mutualis/],
        // Valid SHA-256, but a row of another territory slipped in.
        [reseal(dump, (body) => ({ body: body.replace(/("territory_id":")[0-9a-f-]{36}(","id":"[0-9a-f-]{36}","created_at":"[^"]*","updated_at":"[^"]*","kind":"syndicate")/, '$101900000-0000-7000-8000-000000000009$2') })), /autre territoire/],
        // Valid SHA-256, but written by a Mutualis whose database is newer than this one.
        [reseal(dump, (body, header) => ({ body, header: { ...header, schema: '9999_future' } })), /mettez Mutualis à jour/],
      ];
      for (const [data, message] of refusals) await expect(restoreTerritory(empty, data)).rejects.toThrow(message);
      expect(await counts(empty)).toEqual({ territories: 0, people: 0 });
      await expect(backupTerritory(empty, DEMO_SIREN)).rejects.toMatchObject({ status: 404 });
    } finally {
      await empty.close();
    }
  });

  it('is all or nothing: when the database refuses the last table, nothing at all is left', async () => {
    const empty = await testDatabase();
    try {
      // The last audit entry loses its NOT NULL actor label: the database refuses it after every other table went in.
      const broken = reseal(dump, (body) => {
        const lines = body.split('\n');
        lines[lines.length - 2] = lines.at(-2)!.replace(/"actor_label":"[^"]*"/, '"actor_label":null');
        return { body: lines.join('\n') };
      });
      await expect(restoreTerritory(empty, broken)).rejects.toThrow(/La base a refusé la restauration \(23502.*rien n’a été restauré/);
      expect(await counts(empty)).toEqual({ territories: 0, people: 0 });
    } finally {
      await empty.close();
    }
  });

  it('reuses a person who already has an account (same e-mail), keeping their password, without a duplicate', async () => {
    const other = await testDatabase();
    try {
      const there = await territory.createTerritoryFromOfficialData(other, ACTOR, epci(OTHER_SIREN));
      await access.addUser(other, { territoryId: there.id, actor: ACTOR }, { email: SHARED_EMAIL, displayName: 'Claire M.', password: 'son-mot-de-passe-ici', role: 'admin' }, new Set());
      const result = await restoreTerritory(other, dump);
      expect(result).toMatchObject({ peopleCreated: 6, peopleReused: 1 });
      expect(await counts(other)).toEqual({ territories: 2, people: 7 });
      const claire = await access.authenticate(other, SHARED_EMAIL, 'son-mot-de-passe-ici');
      expect(await access.authenticate(other, SHARED_EMAIL, DEMO_PASSWORD)).toBeNull();
      // Her role in the restored territory points at her existing account.
      expect((await access.rolesIn(other, claire!.id, demoId)).map((r) => r.role)).toEqual(['admin']);
      expect((await access.territoriesOf(other, claire!.id)).map((t) => t.siren).sort()).toEqual([OTHER_SIREN, DEMO_SIREN].sort());
      expect(await verifyAuditChain(other, demoId)).toMatchObject({ ok: true });
    } finally {
      await other.close();
    }
  });
});
