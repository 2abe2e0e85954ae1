import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from './db/database.ts';
import { testDatabase, testDatabaseKind } from './db/testing.ts';
import { recordAudit, SYSTEM_ACTOR } from './audit.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { findOfficialEpci } from '../territory/official-data.ts';
import { createTerritoryFromOfficialData } from '../territory/service.ts';

describe(`audit chain on ${testDatabaseKind}`, () => {
  let db: Database;
  let territoryId: string;
  const seqs = () =>
    db.transaction({ territoryId, personId: null }, async (tx) => (await rows<{ seq: string }>(tx, sql`select seq from audit_log order by seq`)).map((r) => Number(r.seq)));

  beforeAll(async () => {
    db = await testDatabase();
    const found = findOfficialEpci('200067106');
    if (!('found' in found)) throw new Error('official data');
    territoryId = (await createTerritoryFromOfficialData(db, SYSTEM_ACTOR, found.found)).id;
  });
  afterAll(() => db.close());

  it('a new territory verifies: every row it wrote is in its chain', async () => {
    const report = await verifyAuditChain(db, territoryId);
    // territory + EPCI + 158 communes + nature + 158 memberships + 316 populations
    expect(report).toEqual({ ok: true, entries: 1 + 159 + 1 + 158 + 316, problems: [] });
  });

  it('concurrent writers of one chain never share a seq', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.transaction({ territoryId, personId: null }, (tx) =>
          recordAudit(tx, territoryId, SYSTEM_ACTOR, [{ action: 'test', entity: 'test', entityId: String(i), before: null, after: { i, 'clé': 'é' } }]),
        ),
      ),
    );
    const all = await seqs();
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    expect((await verifyAuditChain(db, territoryId)).ok).toBe(true);
  });

  it('detects an entry edited directly in the database by its owner', async () => {
    await db.asOwner!(`update audit_log set after = jsonb_set(after, '{name}', '"Falsifiée"') where territory_id = '${territoryId}' and seq = 3`);
    const report = await verifyAuditChain(db, territoryId);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ seq: 3, reason: "le contenu de l'entrée a été modifié après son enregistrement" });
  });

  it('detects a deleted entry and a changed actor', async () => {
    await db.asOwner!(`delete from audit_log where territory_id = '${territoryId}' and seq = 10`);
    await db.asOwner!(`update audit_log set actor_label = 'quelqu''un d''autre' where territory_id = '${territoryId}' and seq = 20`);
    const reasons = (await verifyAuditChain(db, territoryId)).problems.map((p) => `${p.seq}: ${p.reason}`);
    expect(reasons).toContain('11: entrée(s) 10 à 10 manquante(s) : supprimée(s) ?');
    expect(reasons).toContain("11: le lien vers l'entrée précédente est rompu");
    expect(reasons).toContain("20: le contenu de l'entrée a été modifié après son enregistrement");
  });
});
