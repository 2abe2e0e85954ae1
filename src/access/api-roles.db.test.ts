import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { listAuditEntries } from '../platform/audit-read.ts';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as access from './service.ts';

describe(`role assignments through the JSON API on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  let territoryId: string;
  let token: string;
  const users = `/api/t/${DEMO_SIREN}/utilisateurs`;

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });

  beforeAll(async () => {
    db = await testDatabase();
    territoryId = (await loadDemo(db))!.id;
    const admin = (await access.authenticate(db, 'admin@demo.mutualis.fr', DEMO_PASSWORD))!;
    token = await access.createApiToken(db, { personId: admin.id, label: admin.displayName }, 'tests');
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('names communeInsee when a commune user has none, and ties no commune to another role', async () => {
    const person = { email: 'compta@exemple.fr', displayName: 'Compta', password: 'un-mot-de-passe-long' };
    const missing = await call('POST', users, { ...person, role: 'commune' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ error: 'Le champ « communeInsee » est obligatoire pour un utilisateur communal.', field: 'communeInsee' });
    const finance = await call('POST', users, { ...person, role: 'finance', communeInsee: '42207' });
    expect(finance.statusCode).toBe(201);
    expect(finance.json()).toMatchObject({ role: 'finance', communeInsee: null });
  });

  it('refuses the same role twice (409), and a new address created twice at once gives one 201 and one 409, never a 500', async () => {
    const again = await call('POST', users, { email: 'compta@exemple.fr', displayName: 'Compta', role: 'finance' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: 'compta@exemple.fr a déjà ce rôle dans ce territoire.', field: 'role' });
    const twice = await Promise.all([1, 2].map(() => call('POST', users, { email: 'course@exemple.fr', displayName: 'Course', password: 'un-mot-de-passe-long', role: 'reader' })));
    expect(twice.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it('removes a role (204, audited), then 404 for the same id; a malformed id is a French 400', async () => {
    const list = (await call('GET', users)).json() as { email: string; roles: { id: string; role: string }[] }[];
    const role = list.find((u) => u.email === 'compta@exemple.fr')!.roles[0]!;
    expect((await call('DELETE', `${users}/roles/${role.id}`)).statusCode).toBe(204);
    const [entry] = await listAuditEntries(db, territoryId, { limit: 1 });
    expect(entry).toMatchObject({ entity: 'role_assignments', entityId: role.id, actorLabel: 'Claire Martin (mission mutualisation)', after: null });
    const gone = await call('DELETE', `${users}/roles/${role.id}`);
    expect(gone.statusCode).toBe(404);
    const malformed = await call('DELETE', `${users}/roles/pas-un-identifiant`);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ field: 'assignmentId' });
  });
});
