import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { parisToday } from '../platform/clock.ts';
import * as territory from '../territory/service.ts';
import * as catalogue from './service.ts';
import * as activity from './activity-service.ts';

/**
 * The authorization matrix's catalogue data. Territory 1 (the demo): a pending request of Firminy with a canary note,
 * a canary in Firminy's DSI referent's e-mail and in a Firminy trainee's name. Territory 2: an offer, a request and a
 * session of its own, named with its canary.
 */
export async function plantCatalogue(db: Database, ctx1: TerritoryContext, ctx2: TerritoryContext, o: { other: string; secondCity: string; canaryCommune: string; canaryTerritory: string }) {
  const today = parisToday();
  const firminy = (await territory.collectivityByInsee(db, ctx1, o.other))!;
  const offers1 = (await catalogue.listCatalogue(db, ctx1, {}, today)).map((c) => c.offer);
  const visio = offers1.find((x) => x.code === 'visioconference')!;
  const sig = offers1.find((x) => x.code === 'sig')!;
  const request1 = await catalogue.requestSubscription(db, ctx1, firminy.id, visio.id, `${o.canaryCommune} note de demande`, today);
  await activity.setReferent(db, ctx1, firminy.id, 'dsi', { name: 'Référent DSI de Firminy', email: `${o.canaryCommune}@firminy.example.fr`, phone: '04 77 00 00 00' });
  const session1 = await activity.createSession(db, ctx1, { offerId: sig.id, reference: 'SIG-CANARI', topic: 'Session de test', heldOn: today });
  await activity.addTrainees(db, ctx1, session1.id, [{ name: `${o.canaryCommune} stagiaire`, collectivityId: firminy.id }]);

  const epci2 = (await territory.listCollectivities(db, ctx2)).find((c) => c.kind === 'epci')!;
  const city2 = (await territory.collectivityByInsee(db, ctx2, o.secondCity))!;
  const offer2 = await catalogue.createOffer(db, ctx2, { code: 'canari', title: `Offre ${o.canaryTerritory}`, description: `Offre ${o.canaryTerritory}`, kind: 'service', domain: 'digital', providerId: epci2.id });
  const request2 = await catalogue.requestSubscription(db, ctx2, city2.id, offer2.id, `${o.canaryTerritory} note`, today);
  const session2 = await activity.createSession(db, ctx2, { offerId: offer2.id, reference: 'CANARI-1', topic: `Session ${o.canaryTerritory}`, heldOn: today });
  await activity.addTrainees(db, ctx2, session2.id, [{ name: `${o.canaryTerritory} stagiaire`, collectivityId: city2.id }]);
  const common = { theme: 'dsi', year: '2019', kind: 'adhesions' };
  return {
    first: { ...common, offerId: visio.id, subscriptionId: request1.id, sessionId: session1.id },
    second: { ...common, offerId: offer2.id, subscriptionId: request2.id, sessionId: session2.id },
  };
}
