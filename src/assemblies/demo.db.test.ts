import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { loadDemo } from '../demo/service.ts';
import { DEMO_COUNCIL, DEMO_ITEM_TITLE } from '../demo/assemblies.ts';
import { EXCUSED, PRESENT, PROXIES } from '../demo/assemblies-register.ts';
import * as assemblies from './service.ts';

const printed = (name: string) => name.split('|').join(' ');

describe(`the demo sitting of 27 January 2020 on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  beforeAll(async () => {
    db = await testDatabase();
    const demo = (await loadDemo(db))!;
    ctx = { territoryId: demo.id, actor: SYSTEM_ACTOR };
  });
  afterAll(() => db.close());

  it('is the extract of the register: 112 in office, 84 present in its order, 10 proxies, 94 votes, 18 excused, quorum 57', async () => {
    const [sitting] = await assemblies.listSittings(db, ctx, { from: '2020-01-27', to: '2020-01-27' });
    expect(sitting).toMatchObject({ bodyName: DEMO_COUNCIL, convokedOn: '2020-01-14', status: 'closed', itemCount: 1 });
    const overview = await assemblies.sittingOverview(db, ctx, sitting!.id);
    const item = overview.state.items[0]!;
    expect(item.title).toBe(DEMO_ITEM_TITLE);
    const a = await assemblies.itemAttendance(db, ctx, item.id);
    expect(a.inOffice).toHaveLength(112);
    expect(a.present.map((m) => m.name)).toEqual(PRESENT.map(printed));
    expect(a.proxies.map((p) => [p.giver.name, p.holder.name])).toEqual(PROXIES.map(([g, h]) => [printed(g), printed(h)]));
    expect(a.excused.map((m) => m.name)).toEqual(EXCUSED.map(printed));
    expect(a.absent).toEqual([]);
    expect(a.counts).toEqual({ inOffice: 112, present: 84, represented: 10, votingPower: 94 });
    expect(a.quorum?.text).toBe('57 requis, 84 présents : atteint');
    expect(a.secretary?.name).toBe('M. Rémy GUYOT');
    expect(a.president?.name).toBe('M. Gaël PERDRIAU');
    expect(a.vote).toMatchObject({ result: 'noted', inOffice: 112, present: 84, represented: 10, quorumRequired: 57 });
    expect(overview.convocation?.text).toBe('12 jours francs, dont 4 jours de week-end, qui comptent ; 5 jours francs requis : délai respecté');
  });
});
