import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { UserError } from '../platform/http/errors.ts';
import { loadDemo } from '../demo/service.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import * as catalogue from './service.ts';
import * as activity from './activity-service.ts';
import type { Offer } from './model.ts';

// The official populations are of a recent year: eligibility by population is checked on a date they cover.
const TODAY = '2026-01-15';

describe(`catalogue services on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let byName: (name: string) => Collectivity;
  let offer: (code: string) => Promise<Offer>;

  const count = async (table: string) => (await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`))))[0]!.n;
  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof UserError) return { status: error.status, field: error.field, message: error.message.replace(/\u202f/g, ' ') };
      throw error;
    }
    throw new Error('accepté');
  };
  const figures = async (year: number, code: string) => {
    const found = (await catalogue.catalogueYearIndicators(db, ctx, year)).offers.find((o) => o.code === code)!;
    return Object.fromEntries(found.figures.map((f) => [f.key, f.value]));
  };

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    const register = await territory.listCollectivities(db, ctx);
    byName = (name) => register.find((c) => c.name === name)!;
    const all = (await catalogue.listCatalogue(db, ctx, {}, TODAY)).map((c) => c.offer);
    offer = async (code) => all.find((o) => o.code === code)!;
  });
  afterAll(() => db.close());

  it('computes from the demo data every figure of section V.2 of the 2019 report', async () => {
    expect(await figures(2019, 'sig')).toEqual({ subscribedCommunes: 52, accounts: 148, peopleTrained: 83, communesRepresented: 52, newSubItems: 3 });
    expect(await figures(2019, 'rgpd')).toEqual({ peopleTrained: 57, communesRepresented: 44 });
    expect(await figures(2019, 'afcdp')).toEqual({ subscribedCommunes: 39 });
    expect(await figures(2019, 'formation-achat')).toEqual({ peopleTrained: 35, communesRepresented: 30 });
    expect((await figures(2019, 'ugap')).attendees).toBe(48);
    expect((await figures(2019, 'rencontres-dgs')).referentCommunes).toBe(53);
    expect((await figures(2019, 'club-dsi')).referentCommunes).toBe(53);
    expect((await figures(2019, 'club-com')).referentCommunes).toBe(53);
    const sig = (await catalogue.catalogueYearIndicators(db, ctx, 2019)).offers.find((o) => o.code === 'sig')!;
    expect(sig.figures.find((f) => f.key === 'subscribedCommunes')).toEqual({ key: 'subscribedCommunes', label: 'Communes adhérentes', value: 52, previous: 35 });
    const visio = await offer('visioconference');
    expect([visio.launchedOn, visio.launchPrecision]).toEqual(['2019-03', 'month']);
  });

  it('mutation: one more GIS trainee moves the people trained from 83 to 84', async () => {
    const { sessions } = await activity.listTrainings(db, ctx);
    const session = sessions.find((s) => s.session.reference === 'SIG-2019-06')!;
    await activity.addTrainees(db, ctx, session.session.id, [{ name: 'Odile Nouvelle', role: 'Agente', collectivityId: byName('Villars').id }]);
    expect((await figures(2019, 'sig')).peopleTrained).toBe(84);
    // The same person in another session of the year still counts once.
    const other = sessions.find((s) => s.session.reference === 'SIG-2019-05')!;
    await activity.addTrainees(db, ctx, other.session.id, [{ name: 'odile  NOUVELLE', collectivityId: byName('Villars').id }]);
    expect((await figures(2019, 'sig')).peopleTrained).toBe(84);
  });

  it('a commune requests, the pooling team approves, the indicator moves; the audit log has both steps', async () => {
    const afcdp = await offer('afcdp');
    const request = await catalogue.requestSubscription(db, ctx, byName('Saint-Chamond').id, afcdp.id, 'Pour notre DPO', TODAY);
    expect(request.status).toBe('requested');
    expect((await catalogue.listRequests(db, ctx, TODAY)).map((r) => [r.collectivity.name, r.offer.code, r.verdict.eligible])).toEqual([['Saint-Chamond', 'afcdp', true]]);
    expect(await refusal(catalogue.requestSubscription(db, ctx, byName('Saint-Chamond').id, afcdp.id, null, TODAY))).toEqual({ status: 409, field: 'offerId', message: 'Saint-Chamond a déjà une adhésion demandée à « Adhésion à l’AFCDP ».' });
    const before = (await figures(2026, 'afcdp')).subscribedCommunes;
    expect(before).toBe(39);
    await catalogue.approveSubscription(db, ctx, request.id, { startsOn: '2026-01-20' }, TODAY);
    expect((await figures(2026, 'afcdp')).subscribedCommunes).toBe(40);
    expect(await refusal(catalogue.approveSubscription(db, ctx, request.id, { startsOn: '2026-01-20' }, TODAY))).toMatchObject({ status: 409, message: 'Cette demande a déjà été acceptée.' });
    const audit = await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows<{ action: string }>(tx, sql`select action from audit_log where entity = 'catalogue_subscriptions' and entity_id = ${request.id} order by seq`));
    expect(audit.map((a) => a.action)).toEqual(['demande', 'acceptation']);
    const portal = await catalogue.communePortal(db, ctx, byName('Saint-Chamond').id, '2026-02-01');
    expect(portal.subscriptions.map((s) => [s.offer.code, s.state])).toContainEqual(['afcdp', 'active']);
    expect(portal.subscriptions.find((s) => s.offer.code === 'sig')!.accounts.map((a) => a.holderName?.endsWith('(nom illustratif)'))).toEqual([true, true, true]);
    expect(portal.couldUse.map((o) => o.offer.code)).not.toContain('afcdp');
    // Its DSI, COM and DGS referents make it a member of those networks already.
    expect(portal.couldUse.map((o) => o.offer.code).filter((c) => ['club-dsi', 'club-com', 'rencontres-dgs'].includes(c))).toEqual([]);
    expect(portal.notEligible.find((o) => o.offer.code === 'messagerie')?.verdict.reason.replace(/\u202f/g, ' ')).toBe('Offre réservée aux communes de moins de 2 000 habitants : Saint-Chamond en compte 35 586 (population municipale).');
  });

  it('refuses an ineligible commune with the reason, and writes nothing', async () => {
    const before = await count('catalogue_subscriptions');
    expect(await refusal(catalogue.requestSubscription(db, ctx, byName('Firminy').id, (await offer('messagerie')).id, null, TODAY))).toEqual({
      status: 400,
      field: 'offerId',
      message: 'Offre réservée aux communes de moins de 2 000 habitants : Firminy en compte 17 128 (population municipale).',
    });
    expect(await refusal(catalogue.requestSubscription(db, ctx, byName('Saint-Étienne').id, (await offer('sig')).id, null, TODAY))).toMatchObject({ status: 400, message: 'Saint-Étienne fournit elle-même l’offre « SIG métropolitain (système d’information géographique) ».' });
    expect(await count('catalogue_subscriptions')).toBe(before);
  });

  it('refuses a subscription ending before it starts, and a refusal without reason; a refusal is read by the commune', async () => {
    const request = await catalogue.requestSubscription(db, ctx, byName('Chambœuf').id, (await offer('messagerie')).id, null, TODAY);
    expect(await refusal(catalogue.approveSubscription(db, ctx, request.id, { startsOn: '2026-03-01', endsOn: '2026-02-01' }, TODAY))).toEqual({ status: 400, field: 'endsOn', message: 'La fin de l’adhésion (01/02/2026) précède son début (01/03/2026).' });
    expect(await refusal(catalogue.refuseSubscription(db, ctx, request.id, ' ', TODAY))).toMatchObject({ status: 400, field: 'reason' });
    await catalogue.refuseSubscription(db, ctx, request.id, 'La messagerie de la commune est déjà fournie par le syndicat.', TODAY);
    const portal = await catalogue.communePortal(db, ctx, byName('Chambœuf').id, TODAY);
    expect(portal.subscriptions.find((s) => s.offer.code === 'messagerie')).toMatchObject({ state: 'refused', subscription: { refusalReason: 'La messagerie de la commune est déjà fournie par le syndicat.' } });
    // Refused, it may ask again.
    expect(portal.couldUse.map((o) => o.offer.code)).toContain('messagerie');
  });

  it('anonymises trainees after the retention period and keeps the counts', async () => {
    await activity.setRetention(db, ctx, 24);
    expect(await refusal(activity.setRetention(db, ctx, 0))).toMatchObject({ status: 400, field: 'retentionMonths' });
    const rgpdBefore = await figures(2019, 'rgpd');
    // 24 months after 2019-02-12, the first GIS session (14 people) is due; the first GDPR session (2019-03-19, 19 people) a day later.
    expect(await activity.anonymiseDueTrainees(db, ctx, '2021-03-18')).toBe(14);
    expect(await activity.anonymiseDueTrainees(db, ctx, '2021-03-19')).toBe(19);
    const { sessions } = await activity.listTrainings(db, ctx);
    const first = sessions.find((s) => s.session.reference === 'RGPD-2019-01')!;
    expect(first.trainees.every((t) => t.name === null && t.role === null && t.anonymisedOn === '2021-03-19')).toBe(true);
    expect(await figures(2019, 'rgpd')).toEqual(rgpdBefore);
    const names = await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows<{ n: number }>(tx, sql`select count(*)::int as n from audit_log where entity = 'catalogue_trainees' and (after->>'name') is not null`));
    expect(names[0]!.n).toBe(0);
  });

  it('hides nothing it should not: a network lists its referents; a meeting counts its attendance', async () => {
    const networks = await activity.listNetworks(db, ctx);
    const dgs = networks.find((n) => n.offer.code === 'rencontres-dgs')!;
    expect(dgs.members).toHaveLength(53);
    expect(dgs.meetings.filter((m) => m.heldOn.startsWith('2019'))).toHaveLength(4);
    const before = (await figures(2020, 'club-com')).meetingsHeld ?? 0;
    await activity.recordMeeting(db, ctx, dgs.offer.id, { heldOn: '2020-02-06', topic: 'Conférence des DGS : budget 2020', attendance: [{ collectivityId: byName('Firminy').id, attendees: 1 }] });
    expect((await figures(2020, 'rencontres-dgs')).meetingsHeld).toBe(1);
    expect((await figures(2020, 'club-com')).meetingsHeld ?? 0).toBe(before);
    expect(await refusal(activity.recordMeeting(db, ctx, (await offer('sig')).id, { heldOn: '2020-02-06', topic: 'Réunion', attendance: [] }))).toMatchObject({ status: 409 });
  });
});
