import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { loadDemo } from '../demo/service.ts';
import { DEMO_COUNCIL } from '../demo/assemblies.ts';
import * as assemblies from './service.ts';
import * as live from './live-service.ts';
import { attendanceStats } from './stats.ts';
import type { Body } from './model.ts';

describe(`sittings, attendance and votes on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let council: Body;
  let members: string[];
  /** Rows of every assemblies table and of the audit log: a refused request changes none. */
  const footprint = async () =>
    (
      await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) =>
        rows<{ n: string }>(
          tx,
          sql`select (select count(*) from assembly_sittings) || '/' || (select count(*) from assembly_agenda_items) || '/' || (select count(*) from assembly_movements) || '/' ||
                     (select count(*) from assembly_proxies) || '/' || (select count(*) from assembly_votes) || '/' || (select count(*) from assembly_mandates) || '/' ||
                     (select count(*) from assembly_members) || '/' || (select count(*) from audit_log) as n`,
        ),
      )
    )[0]!.n;

  const newSitting = async (date: string, convokedOn: string, items = 2) => {
    const sitting = await assemblies.createSitting(db, ctx, { bodyId: council.id, date, time: '18:30', place: 'Saint-Étienne', convokedOn });
    for (let i = 1; i <= items; i++) await assemblies.addAgendaItem(db, ctx, sitting.id, { title: `Point ${i}`, kind: 'vote' });
    return { sitting, items: (await assemblies.sittingOverview(db, ctx, sitting.id)).state.items };
  };

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    council = (await assemblies.listBodies(db, ctx)).find((b) => b.name === DEMO_COUNCIL)!;
    members = (await assemblies.bodyDetail(db, ctx, council.id, '2020-02-24')).mandates.filter((m) => m.seat === 'titular').map((m) => m.memberId);
  });
  afterAll(() => db.close());

  it('refuses a convocation sent too late, an urgency without its reason, and writes nothing', async () => {
    const before = await footprint();
    const base = { bodyId: council.id, date: '2020-02-24', time: '18:30', place: 'Saint-Étienne' };
    await expect(assemblies.createSitting(db, ctx, { ...base, convokedOn: '2020-02-20' })).rejects.toMatchObject({ status: 400, field: 'convokedOn', message: expect.stringContaining('3 jours francs') });
    await expect(assemblies.createSitting(db, ctx, { ...base, convokedOn: '2020-02-20', urgency: true })).rejects.toMatchObject({ field: 'urgencyReason' });
    await expect(assemblies.createSitting(db, ctx, { ...base, time: '25:00', convokedOn: '2020-02-10' })).rejects.toMatchObject({ field: 'time' });
    expect(await footprint()).toBe(before);
    const urgent = await assemblies.createSitting(db, ctx, { ...base, date: '2020-02-25', convokedOn: '2020-02-23', urgency: true, urgencyReason: 'Intempéries : travaux de voirie à engager' });
    expect(urgent.urgency).toBe(true);
  });

  it('with 112 in office, 56 present is no quorum and the vote is refused; the 57th arrival reaches it', async () => {
    const { sitting, items } = await newSitting('2020-03-02', '2020-02-20');
    await live.recordRollCall(db, ctx, sitting.id, { present: members.slice(0, 56) });
    await live.openSitting(db, ctx, sitting.id, { presidentId: members[0]!, secretaryId: members[1]! });
    expect((await assemblies.itemAttendance(db, ctx, items[0]!.id)).quorum?.text).toBe('57 requis, 56 présents : non atteint');
    const before = await footprint();
    await expect(live.recordVote(db, ctx, items[0]!.id, { mode: 'show', for: 56, against: 0, abstain: 0 })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('Quorum non atteint') });
    expect(await footprint()).toBe(before);
    await live.recordMovement(db, ctx, sitting.id, members[56]!, 'arrival');
    expect((await assemblies.itemAttendance(db, ctx, items[0]!.id)).quorum?.text).toBe('57 requis, 57 présents : atteint');
  });

  it('proxies: refused to an absent member or beyond one per holder; a giver who arrives ends it', async () => {
    const { sitting, items } = await newSitting('2020-03-09', '2020-02-27');
    await live.recordRollCall(db, ctx, sitting.id, { present: members.slice(0, 60) });
    const before = await footprint();
    await expect(live.giveProxy(db, ctx, sitting.id, { giverId: members[100]!, holderId: members[101]!, writtenOn: '2020-03-09' })).rejects.toMatchObject({ status: 409, field: 'holderId', message: expect.stringContaining("n'est pas présent") });
    await live.giveProxy(db, ctx, sitting.id, { giverId: members[100]!, holderId: members[0]!, writtenOn: '2020-03-09' });
    const afterFirst = await footprint();
    await expect(live.giveProxy(db, ctx, sitting.id, { giverId: members[101]!, holderId: members[0]!, writtenOn: '2020-03-09' })).rejects.toMatchObject({ field: 'holderId', message: expect.stringContaining('un seul') });
    await expect(live.giveProxy(db, ctx, sitting.id, { giverId: members[1]!, holderId: members[2]!, writtenOn: '2020-03-09' })).rejects.toMatchObject({ field: 'giverId' });
    expect(await footprint()).toBe(afterFirst);
    expect(afterFirst).not.toBe(before);
    expect((await assemblies.itemAttendance(db, ctx, items[0]!.id)).counts).toEqual({ inOffice: 112, present: 60, represented: 1, votingPower: 61 });
    await live.recordMovement(db, ctx, sitting.id, members[100]!, 'arrival');
    const after = await assemblies.itemAttendance(db, ctx, items[0]!.id);
    expect(after.counts).toEqual({ inOffice: 112, present: 61, represented: 0, votingPower: 61 });
    expect(after.proxies).toEqual([]);
  });

  it('votes: more votes than available refused; a tie decided by the president, not in a secret ballot; withdrawals not counted', async () => {
    const { sitting, items } = await newSitting('2020-03-16', '2020-03-02', 3);
    await live.recordRollCall(db, ctx, sitting.id, { present: members.slice(0, 80) });
    await live.openSitting(db, ctx, sitting.id, { presidentId: members[0]!, secretaryId: members[1]! });
    const before = await footprint();
    await expect(live.recordVote(db, ctx, items[0]!.id, { mode: 'show', for: 70, against: 11, abstain: 0 })).rejects.toMatchObject({ status: 400, field: 'for', message: expect.stringContaining('81 voix déclarées pour 80 voix disponibles') });
    await expect(live.recordVote(db, ctx, items[1]!.id, { mode: 'show', for: 80, against: 0, abstain: 0 })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('point en cours est le n° 1') });
    await expect(live.recordVote(db, ctx, items[0]!.id, { mode: 'show', for: 40, against: 40, abstain: 0 })).rejects.toMatchObject({ field: 'presidentChoice' });
    expect(await footprint()).toBe(before);
    expect(await live.recordVote(db, ctx, items[0]!.id, { mode: 'show', for: 40, against: 40, abstain: 0, presidentChoice: 'for' })).toMatchObject({ result: 'adopted', resultText: expect.stringContaining('voix prépondérante') });
    expect(await live.recordVote(db, ctx, items[1]!.id, { mode: 'secret', for: 40, against: 40, abstain: 0, presidentChoice: 'for' })).toMatchObject({ result: 'rejected' });
    await live.recordWithdrawal(db, ctx, items[2]!.id, { memberId: members[5]!, reason: 'président de l’association bénéficiaire' });
    const third = await assemblies.itemAttendance(db, ctx, items[2]!.id);
    expect(third.counts.present).toBe(79);
    expect(third.withdrawn.map((m) => m.id)).toEqual([members[5]]);
    const nominal = await live.recordVote(db, ctx, items[2]!.id, { mode: 'nominal', choices: members.slice(0, 30).filter((id) => id !== members[5]).map((memberId) => ({ memberId, choice: 'for' })) });
    expect(nominal).toMatchObject({ result: 'adopted', counts: { for: 29, against: 0, abstain: 0, notVoting: 50 } });
    await live.closeSitting(db, ctx, sitting.id);
    await expect(live.recordMovement(db, ctx, sitting.id, members[90]!, 'arrival')).rejects.toMatchObject({ status: 409 });
  });

  it('a second convocation carries the items not decided and deliberates without quorum', async () => {
    const { sitting } = await newSitting('2020-03-19', '2020-03-05', 2);
    await live.recordRollCall(db, ctx, sitting.id, { present: members.slice(0, 20) });
    await expect(assemblies.convokeSecondSitting(db, ctx, sitting.id, { date: '2020-03-21', time: '10:00', place: 'Saint-Étienne', convokedOn: '2020-03-19', urgency: true, urgencyReason: 'quorum' })).rejects.toMatchObject({ field: 'date' });
    const second = await assemblies.convokeSecondSitting(db, ctx, sitting.id, { date: '2020-03-23', time: '10:00', place: 'Saint-Étienne', convokedOn: '2020-03-17' });
    const overview = await assemblies.sittingOverview(db, ctx, second.id);
    expect(overview.state.items.map((i) => [i.position, i.title, i.carriedFromItemId !== null])).toEqual([[1, 'Point 1', true], [2, 'Point 2', true]]);
    await expect(assemblies.addAgendaItem(db, ctx, second.id, { title: 'Nouveau', kind: 'vote' })).rejects.toMatchObject({ status: 409 });
    await live.recordRollCall(db, ctx, second.id, { present: members.slice(0, 10) });
    await live.openSitting(db, ctx, second.id, { presidentId: members[0]!, secretaryId: members[1]! });
    expect(await live.recordVote(db, ctx, overview.state.items[0]!.id, { mode: 'show', for: 10, against: 0, abstain: 0 })).toMatchObject({ result: 'adopted', quorumRequired: null });
    expect((await assemblies.sittingOverview(db, ctx, sitting.id)).state.sitting.status).toBe('closed');
  });

  it('a substitute sits for the titular member of a single-seat commune', async () => {
    const detail = await assemblies.bodyDetail(db, ctx, council.id, '2020-02-24');
    const byCommune = new Map<string, string[]>();
    for (const m of detail.mandates) byCommune.set(m.communeId!, [...(byCommune.get(m.communeId!) ?? []), m.memberId]);
    const [communeId, [titularId]] = [...byCommune.entries()].find(([, ids]) => ids.length === 1)! as [string, [string]];
    const insee = (await import('../territory/service.ts')).listCollectivities(db, ctx).then((all) => all.find((c) => c.id === communeId)!.inseeCode!);
    const substitute = await assemblies.addMandate(db, ctx, council.id, { civility: 'Mme', firstName: 'Suppléante', lastName: 'DE TEST', communeInsee: await insee, role: 'councillor', seat: 'substitute', validFrom: '2018-01-01', validTo: '2020-07-09' });
    const { sitting, items } = await newSitting('2020-04-06', '2020-03-20', 1);
    await live.recordRollCall(db, ctx, sitting.id, { present: members.filter((id) => id !== titularId).slice(0, 40) });
    await expect(live.seatSubstitute(db, ctx, sitting.id, { titularId: members.find((id) => id !== titularId && byCommune.get(communeId)!.indexOf(id) < 0)!, substituteId: substitute.memberId })).rejects.toMatchObject({ status: 409 });
    await live.seatSubstitute(db, ctx, sitting.id, { titularId, substituteId: substitute.memberId });
    const a = await assemblies.itemAttendance(db, ctx, items[0]!.id);
    expect(a.counts.present).toBe(41);
    expect(a.present.find((m) => m.id === substitute.memberId)?.substituteFor?.id).toBe(titularId);
  });

  it('imports members and mandates from CSV or XLSX, all or nothing, every problem located', async () => {
    const bureau = await assemblies.createBody(db, ctx, { kind: 'bureau', name: 'Bureau métropolitain' }, '2026-06-01');
    const before = await footprint();
    const bad = 'civilite;prenom;nom;commune;fonction;siege;debut;fin\nM.;Jean;DUPONT;42218;Président;titulaire;01/01/2018;\nDr;Anne;MARTIN;99999;chef;titulaire;2018-13-01;\n';
    const refused = await assemblies.importMandates(db, ctx, bureau.id, new TextEncoder().encode(bad)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(assemblies.ImportError);
    expect((refused as assemblies.ImportError).problems.map((p) => `${p.line}:${p.column}`)).toEqual(['3:civilite', '3:commune', '3:fonction', '3:debut']);
    expect(await footprint()).toBe(before);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Bureau');
    sheet.addRow(['Civilité', 'Prénom', 'Nom', 'Commune', 'Fonction', 'Siège', 'Début', 'Fin', 'Rang']);
    sheet.addRow(['M.', 'Gaël', 'PERDRIAU', '42218', 'Président', 'titulaire', new Date('2018-01-01'), null, 1]);
    sheet.addRow(['Mme', 'Nouvelle', 'ÉLUE', '42207', 'vice-présidente', 'titulaire', '01/01/2018', '09/07/2020', 2]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await assemblies.importMandates(db, ctx, bureau.id, bytes)).toEqual({ members: 1, mandates: 2 });
    const detail = await assemblies.bodyDetail(db, ctx, bureau.id, '2019-01-01');
    expect(detail.mandates.map((m) => [m.member.lastName, m.role, m.rank])).toEqual([['PERDRIAU', 'president', 1], ['ÉLUE', 'vicePresident', 2]]);
  });

  it('counts each member’s attendance over the year', async () => {
    const stats = await attendanceStats(db, ctx, council.id, 2020);
    const perdriau = stats.members.find((m) => m.name === 'M. Gaël PERDRIAU')!;
    expect(perdriau.sittings).toBe(stats.sittings);
    const buffard = stats.members.find((m) => m.name === 'Mme Marie-Christine BUFFARD')!;
    expect(buffard.represented).toBe(1);
    const barrier = stats.members.find((m) => m.name === 'M. Jean-Alain BARRIER')!;
    expect(barrier.excused).toBe(1);
    expect(stats.members).toHaveLength(112);
  });
});
