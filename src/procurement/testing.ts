import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import type { Cents } from '../platform/money.ts';
import * as territory from '../territory/service.ts';
import { illustrativeSiret } from '../demo/procurement.ts';
import type { ContractDraft } from './contract-service.ts';
import * as contracts from './contract-service.ts';
import { loadPurchasingHistory } from './history-service.ts';
import * as procurement from './service.ts';
import { EVERYONE } from './service.ts';
import { groupDetail, listContracts } from './view-service.ts';

/** A valid contract for tests, with overrides: every DECP field filled. */
export function aContract(overrides: Partial<ContractDraft> & Pick<ContractDraft, 'buyerId'>): ContractDraft {
  return {
    reference: 'T-001',
    groupId: null,
    lotId: null,
    sharedDirection: null,
    nature: 'Marché',
    object: 'Fourniture de test',
    cpvCode: '30197630-1',
    procedure: 'Procédure adaptée',
    techniques: ['Sans objet'],
    executionMethods: ['Bons de commande'],
    frameworkAgreementId: null,
    innovative: false,
    ccag: 'Fournitures courantes et services',
    offersReceived: 2,
    advancePaid: false,
    advanceRate: null,
    operatorGrouping: 'Pas de groupement',
    subcontractingDeclared: false,
    placeCode: '42218',
    placeCodeType: 'Code commune',
    durationMonths: 24,
    notifiedOn: '2019-06-03',
    dataPublishedOn: null,
    amountCents: 5_000_000 as Cents,
    priceForm: 'Unitaire',
    priceTypes: ['Définitif révisable'],
    originEu: null,
    originFrance: null,
    socialConsiderations: ['Pas de considération sociale'],
    environmentalConsiderations: ['Pas de considération environnementale'],
    suppliers: [{ identifier: '55204599900869', identifierType: 'SIRET', name: 'Fournisseur de test' }],
    ...overrides,
  };
}

/**
 * The authorization matrix's procurement data. Territory 1 (the demo): the group being formed (Saint-Chamond and Firminy
 * are members) and a 2019 contract of a group of both; canaries in Firminy's needs and consumption and in a group of
 * Firminy alone. Territory 2: a group and a contract of its own, named with its canary.
 */
export async function plantProcurement(db: Database, ctx1: TerritoryContext, ctx2: TerritoryContext, o: { own: string; other: string; secondCity: string; canaryCommune: string; canaryTerritory: string }) {
  const register1 = await territory.listCollectivities(db, ctx1);
  const epci1 = register1.find((c) => c.kind === 'epci')!;
  const firminy = register1.find((c) => c.inseeCode === o.other)!;
  const forming = (await procurement.listGroups(db, ctx1, EVERYONE)).find((s) => s.group.reference === 'GC-2020-01')!;
  const detail = await groupDetail(db, ctx1, forming.group.id, EVERYONE);
  await procurement.declareNeeds(db, ctx1, forming.group.id, firminy.id, [{ lotId: detail.lots[1]!.lot.id, quantity: '7', estimatedCents: 70_000 as Cents, comment: `${o.canaryCommune} besoin` }]);
  const contract = (await listContracts(db, ctx1, EVERYONE)).find((c) => c.contract.reference === 'M19-02-1')!.contract;
  await contracts.recordConsumption(db, ctx1, contract.id, { collectivityId: firminy.id, period: '2019-11', kind: 'ordered', amountCents: 123_400 as Cents, reference: `${o.canaryCommune} bon` });
  await procurement.createGroup(db, ctx1, { reference: 'GC-CANARI', object: `Groupement de Firminy ${o.canaryCommune}`, scopes: ['services'], coordinatorId: firminy.id, memberIds: [epci1.id, firminy.id], coordinatorMission: 'award' });

  const register2 = await territory.listCollectivities(db, ctx2);
  const epci2 = register2.find((c) => c.kind === 'epci')!;
  const city2 = register2.find((c) => c.inseeCode === o.secondCity)!;
  await territory.setSiret(db, ctx2, epci2.id, illustrativeSiret(epci2.siren!));
  const draft = aContract({ buyerId: epci2.id, reference: 'G-2019-1', object: `Marché ${o.canaryTerritory}`, placeCode: o.secondCity });
  const { groupId: _g, lotId: _l, sharedDirection: _d, ...fields } = draft;
  await loadPurchasingHistory(
    db,
    ctx2,
    [
      {
        reference: 'GC-G-2019-01',
        object: `Groupement ${o.canaryTerritory}`,
        scopes: ['supplies'],
        categories: [],
        coordinatorId: epci2.id,
        coordinatorMission: 'awardAndSignature',
        status: 'active',
        agreementSignedOn: '2019-02-01',
        agreementDurationMonths: 24,
        launchedOn: '2019-03-01',
        note: null,
        members: [epci2, city2].map((c) => ({ collectivityId: c.id, approval: { body: 'Conseil', date: '2019-01-15', reference: `délibération ${o.canaryTerritory}` } })),
        lots: [{ title: `Lot ${o.canaryTerritory}`, unit: null }],
        needs: [{ lot: 0, collectivityId: city2.id, quantity: '3', estimatedCents: 300_000 as Cents, comment: o.canaryTerritory }],
        contracts: [{ ...fields, lot: null, consumption: [{ collectivityId: city2.id, period: '2019', kind: 'invoiced', amountCents: 100_000 as Cents }] }],
      },
    ],
    [],
    'test',
  );
  const group2 = (await procurement.listGroups(db, ctx2, EVERYONE))[0]!.group;
  const contract2 = (await listContracts(db, ctx2, EVERYONE))[0]!.contract;
  // The EPCI's own member row (a body without INSEE code) in each territory's group, for the bodies' needs form.
  const epciMember1 = detail.members.find((m) => m.collectivityId === epci1.id)!;
  const epciMember2 = (await groupDetail(db, ctx2, group2.id, EVERYONE)).members.find((m) => m.collectivityId === epci2.id)!;
  return {
    first: { groupId: forming.group.id, contractId: contract.id, year: '2019', memberId: epciMember1.id },
    second: { groupId: group2.id, contractId: contract2.id, year: '2019', memberId: epciMember2.id },
  };
}
