import type { Database } from '../platform/db/database.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import * as territory from '../territory/service.ts';
import * as agreements from './service.ts';
import { agreementDetail, EVERYONE, register } from './view-service.ts';

/**
 * The authorization matrix's agreements data. Territory 1 (the demo): the GIS agreement both test communes are
 * party to; canaries in an agreement of Firminy alone, in agents' names
 * on the GTI and GIS services (individual lines are restricted) and in a deduction from Firminy's AC. Territory 2: a
 * service, agreement, amendment and AC of its own, named with its canary.
 */
export async function plantAgreements(db: Database, ctx1: TerritoryContext, ctx2: TerritoryContext, o: { other: string; secondCity: string; canaryCommune: string; canaryTerritory: string }) {
  const register1 = await territory.listCollectivities(db, ctx1);
  const epci1 = register1.find((c) => c.kind === 'epci')!;
  const firminy = register1.find((c) => c.inseeCode === o.other)!;
  const view1 = await register(db, ctx1, EVERYONE, {}, '2020-01-01');
  const gti = view1.services.find((s) => s.reference === 'GTI')!;
  const sig = view1.services.find((s) => s.reference === 'SIG')!;
  // The GIS provision's agreement: both test communes (Saint-Chamond and Firminy) are parties.
  const sigAgreement = sig.agreements.find((a) => a.agreement.reference === 'CONV-SIG-2019')!.agreement;
  await agreements.createAgreement(db, ctx1, { serviceId: sig.id, reference: 'CONV-CANARI', object: `Convention de Firminy ${o.canaryCommune}`, partyIds: [epci1.id, firminy.id] });
  await agreements.addStaff(db, ctx1, gti.id, { originCollectivityId: epci1.id, post: 'Ingénieur', agentName: `${o.canaryCommune} agent`, status: 'transferred', fte: '1', yearlyCostCents: 5_000_000 });
  await db.transaction(scopeOf(ctx1), (tx) => agreements.recordCompensationDeduction(tx, ctx1, { communeId: firminy.id, year: 2019, serviceId: sig.id, amountCents: 100_00, source: 'canari', label: `${o.canaryCommune} retenue` }));
  const annex = (await agreementDetail(db, ctx1, EVERYONE, sigAgreement.id, '2020-06-01')).amendments[0]!.amendment;
  await agreements.addStaff(db, ctx1, sig.id, { originCollectivityId: firminy.id, post: 'Géomaticien', agentName: `${o.canaryCommune} géomaticien`, status: 'placedAtDisposal', fte: '0.2', yearlyCostCents: 900_000 });

  const register2 = await territory.listCollectivities(db, ctx2);
  const epci2 = register2.find((c) => c.kind === 'epci')!;
  const city2 = register2.find((c) => c.inseeCode === o.secondCity)!;
  const service2 = await agreements.createService(db, ctx2, { kind: 'sharedService', reference: 'CANARI', name: `Service ${o.canaryTerritory}`, theme: o.canaryTerritory, activities: o.canaryTerritory, status: 'active', participants: [epci2, city2].map((c) => ({ collectivityId: c.id, validFrom: '2019-01-01' })) });
  const agreement2 = await agreements.createAgreement(db, ctx2, { serviceId: service2.id, reference: 'CONV-G', object: `Convention ${o.canaryTerritory}`, inForceFrom: '2019-01-01', partyIds: [epci2.id, city2.id] });
  const amendment2 = await agreements.addAmendment(db, ctx2, agreement2.id, {
    number: 1,
    object: `Annexe ${o.canaryTerritory}`,
    signedOn: null,
    effectiveFrom: '2019-01-01',
    chargingScheme: { components: [{ percent: '100', rule: { kind: 'driver', driver: 'population' } }] },
    workUnit: null,
    forecastUnits: null,
    staffCommitteeOpinionOn: null,
    participants: [epci2, city2].map((c) => ({ collectivityId: c.id, paymentRoute: 'invoice', installments: [{ dueOn: '12-15', percent: '100' }] })),
  });
  await agreements.addStaff(db, ctx2, service2.id, { originCollectivityId: city2.id, post: o.canaryTerritory, agentName: o.canaryTerritory, status: 'transferred', fte: '1', yearlyCostCents: 1 });
  await agreements.setCompensationAllocation(db, ctx2, { communeId: city2.id, year: 2019, clectAmountCents: 1_000_00, note: o.canaryTerritory });
  await db.transaction(scopeOf(ctx2), (tx) => agreements.recordCompensationDeduction(tx, ctx2, { communeId: city2.id, year: 2019, serviceId: service2.id, amountCents: 1_00, source: 'canari', label: o.canaryTerritory }));
  return {
    first: { agreementId: sigAgreement.id, serviceId: sig.id, amendmentId: annex.id, annee: '2019' },
    second: { agreementId: agreement2.id, serviceId: service2.id, amendmentId: amendment2.id, annee: '2019' },
  };
}
