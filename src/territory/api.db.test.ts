import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as access from '../access/service.ts';

describe(`territory JSON API on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  const tokens: Record<string, string> = {};

  const get = (url: string, who: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]!}` } });

  beforeAll(async () => {
    db = await testDatabase();
    await loadDemo(db);
    for (const who of ['admin', 'finances', 'saint-chamond', 'elu']) {
      const person = (await access.authenticate(db, `${who}@demo.mutualis.fr`, DEMO_PASSWORD))!;
      tokens[who] = await access.createApiToken(db, { personId: person.id, label: person.displayName }, 'tests');
    }
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('searches and sorts communes as the page does, and names a bad parameter in French', async () => {
    const byPopulation = (await get(`/api/t/${DEMO_SIREN}/communes?tri=population&ordre=desc`, 'elu')).json() as { name: string }[];
    expect(byPopulation).toHaveLength(53);
    expect(byPopulation.slice(0, 2).map((c) => c.name)).toEqual(['Saint-Étienne', 'Saint-Chamond']);
    const bad = await get(`/api/t/${DEMO_SIREN}/communes?ordre=haut`, 'elu');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'ordre' });
    expect(bad.json().error).toMatch(/^Le paramètre « ordre »/);
  });

  it("gives a commune's contacts only to those who may see them: its own users, the mission and finance", async () => {
    const contactsOf = async (insee: string, who: string) => {
      const response = await get(`/api/t/${DEMO_SIREN}/communes/${insee}`, who);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { commune: { name: string }; contacts?: { email: string }[] };
      return body.contacts?.map((c) => c.email);
    };
    expect(await contactsOf('42207', 'saint-chamond')).toEqual(['saint-chamond@demo.mutualis.fr']);
    expect(await contactsOf('42207', 'admin')).toEqual(['saint-chamond@demo.mutualis.fr']);
    expect(await contactsOf('42207', 'finances')).toEqual(['saint-chamond@demo.mutualis.fr']);
    // Another commune's page is public to the territory, but not who acts for it.
    expect(await contactsOf('42095', 'saint-chamond')).toBeUndefined();
    expect(await contactsOf('42207', 'elu')).toBeUndefined();
    expect((await get(`/api/t/${DEMO_SIREN}/communes/38185`, 'admin')).statusCode).toBe(404);
  });

  it('answers an unknown API address with a French JSON 404, signed in or not', async () => {
    for (const response of [await get('/api/t/inconnu/rien', 'admin'), await app.inject({ method: 'GET', url: '/api/nulle-part' })]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ error: "La page ou la ressource demandée n'existe pas." });
    }
  });
});
