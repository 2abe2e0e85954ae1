import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as access from '../access/service.ts';
import * as territory from '../territory/service.ts';
import { DECP_SCHEMA_PATH } from './decp/schema.ts';
import { aContract } from './testing.ts';

const API = `/api/t/${DEMO_SIREN}/achats`;

describe(`joint purchasing API on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: 'GET' | 'POST', url: string, body?: unknown, raw?: string) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(raw !== undefined ? { payload: raw } : body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  let ids: Record<string, string>;

  beforeAll(async () => {
    db = await testDatabase();
    const demo = (await loadDemo(db))!;
    for (const email of ['admin@demo.mutualis.fr', 'saint-chamond@demo.mutualis.fr']) {
      const person = (await access.authenticate(db, email, DEMO_PASSWORD))!;
      tokens[email.split('@')[0]!] = await access.createApiToken(db, { personId: person.id, label: person.displayName }, 'tests');
    }
    const register = await territory.listCollectivities(db, { territoryId: demo.id, actor: SYSTEM_ACTOR });
    ids = Object.fromEntries(register.map((c) => [c.inseeCode ?? c.kind, c.id]));
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('builds a group, takes a commune’s needs for its own commune only, and hides other members’ figures', async () => {
    const created = await call('admin', 'POST', `${API}/groupements`, { reference: 'GC-API-1', object: 'Gants de travail', scopes: ['supplies'], coordinatorId: ids.epci, memberIds: [ids.epci, ids['42207'], ids['42095']], coordinatorMission: 'awardAndSignature' });
    expect(created.statusCode).toBe(201);
    const groupId = created.json().group.id as string;
    const lot = await call('admin', 'POST', `${API}/groupements/${groupId}/lots`, { title: 'Gants anti-coupure', unit: 'paire' });
    expect(lot.statusCode).toBe(201);
    const besoins = [{ lotId: lot.json().id, quantity: '40', estimatedCents: 32_000, comment: null }];
    const own = await call('saint-chamond', 'POST', `${API}/groupements/${groupId}/besoins/42207`, { besoins });
    expect(own.statusCode).toBe(200);
    expect((await call('saint-chamond', 'POST', `${API}/groupements/${groupId}/besoins/42095`, { besoins })).statusCode).toBe(403);
    await call('admin', 'POST', `${API}/groupements/${groupId}/besoins/42095`, { besoins: [{ ...besoins[0], quantity: '10', estimatedCents: 8_000 }] });
    const seen = (await call('saint-chamond', 'GET', `${API}/groupements/${groupId}`)).json();
    expect(seen.lots[0].lines.map((l: { hidden: boolean; quantity: string | null }) => [l.hidden, l.quantity])).toEqual([
      [true, null],
      [false, '40'],
      [true, null],
    ]);
    expect([seen.lots[0].totalQuantity, seen.lots[0].totalCents]).toEqual(['50', 40_000]);
    expect(seen.missing.map((m: { name: string }) => m.name)).toEqual(['Saint-Étienne Métropole']);
    // Refusals in French, naming the field.
    expect((await call('admin', 'POST', `${API}/groupements`, { reference: 'GC-API-2', object: 'Essai', scopes: ['works'], coordinatorId: ids['42095'], memberIds: [ids.epci], coordinatorMission: 'award' })).json()).toEqual({
      error: 'Le coordonnateur doit être membre du groupement.',
      field: 'coordinatorId',
    });
    const badCpv = await call('admin', 'POST', `${API}/marches`, { ...aContract({ buyerId: ids.epci!, reference: 'API-1' }), groupId: undefined, lotId: undefined, sharedDirection: undefined, cpvCode: '4500-7' });
    expect([badCpv.statusCode, badCpv.json().field]).toEqual([400, 'cpvCode']);
  });

  it('gives the year’s figures, the DECP export, and imports a DECP file sent as the body, errors located in its lines', async () => {
    expect((await call('admin', 'GET', `${API}/statistiques/2019`)).json().groupsConcluded.value).toBe(24);
    expect((await call('admin', 'GET', `${API}/decp?annee=2019`)).json().marches.marche).toHaveLength(41);
    const example = fs.readFileSync(path.join(path.dirname(DECP_SCHEMA_PATH), 'decp-example-marches.json'), 'utf8');
    const first = await call('admin', 'POST', `${API}/decp`, undefined, example);
    expect([first.statusCode, first.json().created]).toEqual([201, 2]);
    const again = await call('admin', 'POST', `${API}/decp`, undefined, example);
    expect(again.statusCode).toBe(422);
    expect(again.json().problems[1]).toBe('Ligne 114, marché n° 2 (id TEST2022Bis), champ « id » : ce marché de cet acheteur est déjà enregistré dans le territoire.');
    expect((await call('admin', 'POST', `${API}/decp`, undefined, '{ "marches": ')).json()).toEqual({ error: "Le corps de la requête n'est pas un JSON valide." });
  });
});
