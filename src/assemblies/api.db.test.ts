import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as access from '../access/service.ts';

describe(`assemblies JSON API on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  const tokens: Record<string, string> = {};
  const api = (method: 'GET' | 'POST', url: string, who: string, body?: unknown) =>
    app.inject({ method, url: `/api/t/${DEMO_SIREN}${url}`, headers: { authorization: `Bearer ${tokens[who]!}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });

  beforeAll(async () => {
    db = await testDatabase();
    await loadDemo(db);
    for (const who of ['assemblees', 'elu', 'saint-chamond']) {
      const person = (await access.authenticate(db, `${who}@demo.mutualis.fr`, DEMO_PASSWORD))!;
      tokens[who] = await access.createApiToken(db, { personId: person.id, label: person.displayName }, 'tests');
    }
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('runs a sitting through the API: convene, roll call, apology, proxy, vote; refusals in French naming the field', async () => {
    const [council] = (await api('GET', '/instances', 'elu')).json() as { id: string; name: string }[];
    const late = await api('POST', `/instances/${council!.id}/seances`, 'assemblees', { date: '2020-02-24', time: '18:00', place: 'Saint-Étienne', convokedOn: '2020-02-21' });
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ field: 'convokedOn', error: expect.stringMatching(/^Convocation trop tardive : 2 jours francs/) });
    const created = await api('POST', `/instances/${council!.id}/seances`, 'assemblees', { date: '2020-02-24', time: '18:00', place: 'Saint-Étienne', convokedOn: '2020-02-10' });
    expect(created.statusCode).toBe(201);
    const sittingId = (created.json() as { id: string }).id;
    expect((await api('POST', `/seances/${sittingId}/points`, 'elu', { title: 'Budget', kind: 'vote' })).statusCode).toBe(403);
    const item = (await api('POST', `/seances/${sittingId}/points`, 'assemblees', { title: 'Budget primitif 2020', kind: 'vote' })).json() as { id: string };
    const members = ((await api('GET', `/instances/${council!.id}?date=2020-02-24`, 'elu')).json() as { mandates: { member: { id: string } }[] }).mandates.map((m) => m.member.id);
    expect(members).toHaveLength(112);
    expect((await api('POST', `/seances/${sittingId}/appel`, 'assemblees', { present: members.slice(0, 70), excused: [members[100]] })).json()).toEqual({ ok: true });
    expect((await api('POST', `/seances/${sittingId}/excuses`, 'assemblees', { memberId: members[101], note: 'arrêt maladie' })).statusCode).toBe(200);
    const toAbsent = await api('POST', `/seances/${sittingId}/pouvoirs`, 'assemblees', { giverId: members[102], holderId: members[103], writtenOn: '2020-02-24' });
    expect(toAbsent.statusCode).toBe(409);
    expect(toAbsent.json()).toMatchObject({ field: 'holderId' });
    expect((await api('POST', `/seances/${sittingId}/pouvoirs`, 'assemblees', { giverId: members[102], holderId: members[0], writtenOn: '2020-02-24' })).statusCode).toBe(200);
    expect((await api('POST', `/seances/${sittingId}/ouverture`, 'assemblees', { presidentId: members[0], secretaryId: members[1] })).statusCode).toBe(200);
    const tooMany = await api('POST', `/points/${item.id}/vote`, 'assemblees', { mode: 'show', for: 70, against: 2, abstain: 0 });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ field: 'for', error: '72 voix déclarées pour 71 voix disponibles sur ce point (présents et pouvoirs) : corrigez le décompte.' });
    const vote = await api('POST', `/points/${item.id}/vote`, 'assemblees', { mode: 'show', for: 60, against: 11, abstain: 0 });
    expect(vote.json()).toMatchObject({ result: 'adopted', for: 60, against: 11, notVoting: 0, quorumText: '57 requis, 70 présents : atteint' });

    const attendance = (await api('GET', `/points/${item.id}/presences`, 'saint-chamond')).json() as { counts: object; proxies: { giver: { id: string } }[]; excused: { id: string }[] };
    expect(attendance.counts).toEqual({ inOffice: 112, present: 70, represented: 1, votingPower: 71 });
    expect(attendance.proxies.map((p) => p.giver.id)).toEqual([members[102]]);
    expect(attendance.excused.map((m) => m.id).sort()).toEqual([members[100], members[101]].sort());
    // The apology's note is for the secretariat only.
    const forSecretariat = (await api('GET', `/seances/${sittingId}`, 'assemblees')).json() as { excuseNotes?: { note: string | null }[] };
    expect(forSecretariat.excuseNotes?.map((e) => e.note)).toContain('arrêt maladie');
    const forCommune = await api('GET', `/seances/${sittingId}`, 'saint-chamond');
    expect(forCommune.statusCode).toBe(200);
    expect(forCommune.body).not.toContain('arrêt maladie');
    expect(forCommune.json()).not.toHaveProperty('excuseNotes');
  });
});
