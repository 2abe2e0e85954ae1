import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { listAuditEntries } from '../platform/audit-read.ts';
import { plugins } from '../app.ts';
import { DEMO_SIREN, loadDemo } from '../demo/service.ts';
import { findOfficialEpci } from '../territory/official-data.ts';
import { createTerritoryFromOfficialData } from '../territory/service.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import * as access from './service.ts';

describe(`JSON API with personal tokens on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  let territoryId: string;
  let adminToken: string;
  let communeToken: string;
  let otherToken: string;

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string | null, payload?: unknown, contentType = 'application/json') =>
    app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload !== undefined ? { 'content-type': contentType } : {}) },
      ...(payload !== undefined ? { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) } : {}),
    });

  beforeAll(async () => {
    db = await testDatabase();
    territoryId = (await loadDemo(db))!.id;
    const grenoble = findOfficialEpci('200040715');
    if (!('found' in grenoble)) throw new Error('Grenoble');
    const second = await createTerritoryFromOfficialData(db, SYSTEM_ACTOR, grenoble.found);
    const other = await access.addUser(db, { territoryId: second.id, actor: SYSTEM_ACTOR }, { email: 'api@grenoble.fr', displayName: 'Grenoble', password: 'grenoble-grenoble', role: 'admin' }, new Set());
    const tokenFor = async (email: string) => {
      const person = (await access.authenticate(db, email, email === 'api@grenoble.fr' ? 'grenoble-grenoble' : 'mutualis-demo'))!;
      return access.createApiToken(db, { personId: person.id, label: person.displayName }, 'tests');
    };
    adminToken = await tokenFor('admin@demo.mutualis.fr');
    communeToken = await tokenFor('saint-chamond@demo.mutualis.fr');
    otherToken = await tokenFor('api@grenoble.fr');
    expect(other.role).toBe('admin');
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('reads the territory and its communes with a bearer token', async () => {
    const overview = await call('GET', `/api/t/${DEMO_SIREN}`, adminToken);
    expect(overview.statusCode).toBe(200);
    expect(overview.json()).toMatchObject({ siren: DEMO_SIREN, name: 'Saint-Étienne Métropole', communeCount: 53, population: 407700, nature: 'METRO' });
    const communes = await call('GET', `/api/t/${DEMO_SIREN}/communes?q=saint%20etienne`, communeToken);
    expect(communes.json()).toEqual([{ inseeCode: '42218', name: 'Saint-Étienne', siren: '214202186', postalCode: '42000', population: 172569 }]);
  });

  it('another territory does not exist for its users (404), nor without a token (401)', async () => {
    expect((await call('GET', `/api/t/${DEMO_SIREN}`, otherToken)).statusCode).toBe(404);
    expect((await call('GET', `/api/t/${DEMO_SIREN}/communes/42218`, otherToken)).statusCode).toBe(404);
    const anonymous = await call('GET', `/api/t/${DEMO_SIREN}`, null);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ error: 'Veuillez vous connecter.' });
    expect((await call('GET', `/api/t/${DEMO_SIREN}`, 'mut_faux')).statusCode).toBe(401);
  });

  it('refuses bad input with a French message naming the field', async () => {
    const missing = await call('POST', `/api/t/${DEMO_SIREN}/utilisateurs`, adminToken, { email: 'x@y.fr', role: 'admin' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ error: 'Le champ « displayName » est obligatoire.', field: 'displayName' });
    const extra = await call('POST', `/api/t/${DEMO_SIREN}/collectivites`, adminToken, { kind: 'ccas', name: 'CCAS', territoryId: 'x' });
    expect(extra.json()).toEqual({ error: "Le champ « territoryId » n'est pas attendu.", field: 'territoryId' });
    const malformed = await call('POST', `/api/t/${DEMO_SIREN}/collectivites`, adminToken, '{"kind":');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toBe("Le corps de la requête n'est pas un JSON valide.");
    const badSiret = await call('POST', `/api/t/${DEMO_SIREN}/collectivites`, adminToken, { kind: 'otherEpci', name: 'LFA', siren: '200065779' });
    expect(badSiret.json()).toMatchObject({ field: 'siret' });
  });

  it('creates a user, audited with who did it; a commune user may not', async () => {
    const created = await call('POST', `/api/t/${DEMO_SIREN}/utilisateurs`, adminToken, {
      email: 'nouvelle@saint-chamond.fr',
      displayName: 'Nouvelle Secrétaire',
      password: 'un-mot-de-passe-long',
      role: 'commune',
      communeInsee: '42207',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ role: 'commune', communeInsee: '42207' });
    const [entry] = await listAuditEntries(db, territoryId, { limit: 1 });
    expect(entry).toMatchObject({ action: 'création', entity: 'role_assignments', actorLabel: 'Claire Martin (mission mutualisation)' });
    expect((await call('GET', `/api/t/${DEMO_SIREN}/utilisateurs`, communeToken)).statusCode).toBe(403);
    expect((await call('POST', `/api/t/${DEMO_SIREN}/utilisateurs`, communeToken, {})).statusCode).toBe(403);
  });

  it('manages personal tokens: listed without their secret, revoked for good', async () => {
    const created = await call('POST', '/api/moi/jetons', adminToken, { label: 'tableur des finances' });
    expect(created.statusCode).toBe(201);
    const token = created.json().token as string;
    expect(token).toMatch(/^mut_/);
    const list = (await call('GET', '/api/moi/jetons', token)).json() as { id: string; label: string }[];
    expect(JSON.stringify(list)).not.toContain(token);
    const mine = list.find((t) => t.label === 'tableur des finances')!;
    expect((await call('DELETE', `/api/moi/jetons/${mine.id}`, adminToken)).statusCode).toBe(204);
    expect((await call('GET', '/api/moi', token)).statusCode).toBe(401);
    expect((await call('DELETE', `/api/moi/jetons/${mine.id}`, adminToken)).statusCode).toBe(404);
  });
});
