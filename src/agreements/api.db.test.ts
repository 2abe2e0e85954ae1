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

const API = `/api/t/${DEMO_SIREN}`;

describe(`agreements API on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  let ids: Record<string, string>;

  beforeAll(async () => {
    db = await testDatabase();
    const demo = (await loadDemo(db))!;
    for (const email of ['admin@demo.mutualis.fr', 'saint-chamond@demo.mutualis.fr', 'firminy@demo.mutualis.fr', 'service@demo.mutualis.fr', 'assemblees@demo.mutualis.fr']) {
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

  it('lists the register, filtered, and a commune sees only what it takes part in', async () => {
    const all = await call('admin', 'GET', `${API}/services-mutualises?date=2020-01-01`);
    expect(all.statusCode).toBe(200);
    expect(all.json().map((s: { reference: string }) => s.reference)).toContain('GTI');
    const numeric = await call('admin', 'GET', `${API}/services-mutualises?theme=Num%C3%A9rique`);
    expect(numeric.json().map((s: { reference: string }) => s.reference)).toEqual(['DSIN', 'SIG']);
    const chamond = await call('saint-chamond', 'GET', `${API}/services-mutualises`);
    expect(chamond.json().map((s: { reference: string }) => s.reference)).toEqual(['GTI', 'SIG']);
    // Saint-Chamond sees the GTI service but only the agreement it is party to.
    expect(chamond.json()[0].agreements.map((a: { reference: string }) => a.reference)).toEqual(['CONV-GTI-2018-SC']);
  });

  it('creates an agreement, refuses a bad amendment naming the field, then records approvals in any order', async () => {
    const created = await call('admin', 'POST', `${API}/conventions`, { serviceId: null, reference: 'CONV-API-1', object: 'Convention de test', inForceFrom: '2021-01-01', partyIds: [ids.epci, ids['42095']] });
    expect(created.statusCode).toBe(201);
    const id = created.json().agreement.id as string;
    const bad = await call('admin', 'POST', `${API}/conventions/${id}/avenants`, {
      number: 1,
      object: 'Annexe',
      effectiveFrom: '2021-01-01',
      chargingScheme: { components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: ids.epci, percent: '50' }, { collectivityId: ids['42095'], percent: '40' }] } }] },
      participants: [
        { collectivityId: ids.epci, paymentRoute: 'invoice', installments: [{ dueOn: '12-15', percent: '100' }] },
        { collectivityId: ids['42095'], paymentRoute: 'compensationDeduction', installments: [{ dueOn: '12-15', percent: '100' }] },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'Règle 1 : les parts fixes totalisent 90 % au lieu de 100 %.', field: 'chargingScheme.components[0].rule.shares' });
    const firminyFirst = await call('assemblees', 'POST', `${API}/conventions/${id}/approbations`, { collectivityId: ids['42095'], body: 'Conseil municipal', approvedOn: '2020-11-02' });
    expect(firminyFirst.statusCode).toBe(200);
    expect(firminyFirst.json().agreement.status).toBe('pending');
    expect(firminyFirst.json().agreement.missing).toEqual([ids.epci]);
    const firminy = await call('firminy', 'GET', `${API}/conventions/${id}?date=2021-02-01`);
    expect(firminy.statusCode).toBe(200);
    expect((await call('saint-chamond', 'GET', `${API}/conventions/${id}`)).statusCode).toBe(404);
    expect((await call('firminy', 'POST', `${API}/conventions/${id}/approbations`, { collectivityId: ids.epci, body: 'Bureau', approvedOn: '2020-11-12' })).statusCode).toBe(403);
    const done = await call('admin', 'POST', `${API}/conventions/${id}/approbations`, { collectivityId: ids.epci, body: 'Bureau métropolitain', approvedOn: '2020-11-12' });
    expect(done.json().agreement.inForceOn).toBe('2021-01-01');
  });

  it('shows individual staff only to finance, the service head and the administration', async () => {
    const gti = (await call('admin', 'GET', `${API}/services-mutualises`)).json().find((s: { reference: string }) => s.reference === 'GTI');
    const threeWay = gti.agreements.find((a: { reference: string }) => a.reference === 'CONV-GTI-2018-SC').id as string;
    const head = await call('service', 'GET', `${API}/conventions/${threeWay}`);
    expect(head.json().staff).toHaveLength(5);
    const chamond = await call('saint-chamond', 'GET', `${API}/conventions/${threeWay}`);
    expect(chamond.json().staff).toBeNull();
    expect(chamond.body).not.toContain('(fictif)');
    expect(chamond.json().staffTotals.length).toBeGreaterThan(0);
  });

  it('the AC register: a commune sees its own AC only; finance sets an AC; bad input names the field', async () => {
    expect((await call('saint-chamond', 'GET', `${API}/attributions-compensation?annee=2020`)).statusCode).toBe(403);
    expect((await call('admin', 'GET', `${API}/attributions-compensation?annee=2020`)).json()).toHaveLength(6);
    expect((await call('saint-chamond', 'GET', `${API}/communes/42218/attributions-compensation`)).statusCode).toBe(403);
    expect((await call('saint-chamond', 'GET', `${API}/communes/42207/attributions-compensation`)).json()).toHaveLength(2);
    const set = await call('admin', 'PUT', `${API}/communes/42095/attributions-compensation/2021`, { clectAmountCents: 2_000_000_00, clectReportOn: '2020-09-30' });
    expect(set.statusCode).toBe(200);
    expect(set.json().monthlyCents.reduce((a: number, b: number) => a + b, 0)).toBe(2_000_000_00);
    const bad = await call('admin', 'PUT', `${API}/communes/42095/attributions-compensation/2021`, { clectAmountCents: 1, clectReportOn: '2020-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('clectReportOn');
  });
});
