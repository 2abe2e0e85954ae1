import type { Database } from '../platform/db/database.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import type { ChargingScheme } from '../agreements/charging-scheme.ts';
import type { Installment, PaymentRoute } from '../agreements/model.ts';
import * as agreements from '../agreements/service.ts';

/**
 * Shared services of Saint-Étienne Métropole, sections III and IV of the 2020 progress report: the services,
 * their creation dates, the Saint-Chamond three-way agreement (from 1 July 2018, approved by Saint-Étienne on
 * 04/06/2018, the Bureau on 14/06/2018 and Saint-Chamond on 26/06/2018) and the general agreement (Bureau
 * 15/11/2017, Saint-Étienne 27/11/2017) are the report's. Staff, costs, charging schemes, other approval dates,
 * committee members and AC amounts are not in the report: illustrative, and labelled so in the data.
 */
export const ILLUSTRATIVE = 'Données illustratives (démonstration) : effectifs, coûts, clés de répartition et montants inventés.';

const QUARTERLY: Installment[] = [
  { dueOn: '03-31', percent: '25' },
  { dueOn: '06-30', percent: '25' },
  { dueOn: '09-30', percent: '25' },
  { dueOn: '12-15', percent: '25' },
];
const TWICE: Installment[] = [
  { dueOn: '06-30', percent: '50' },
  { dueOn: '12-15', percent: '50' },
];
const ONCE: Installment[] = [{ dueOn: '12-15', percent: '100' }];

interface ServiceDemo {
  readonly reference: string;
  readonly kind: 'sharedService' | 'serviceProvision';
  readonly name: string;
  readonly theme: string;
  readonly createdOn: string | null;
  readonly activities: string;
  readonly managedBy?: string;
  readonly note?: string;
  /** Participants (INSEE code, or 'epci') and since when. */
  readonly participants: readonly [string, string][];
  readonly start: string;
  readonly scheme: (id: (who: string) => string) => ChargingScheme;
  readonly staff: readonly [origin: string, post: string, status: 'transferred' | 'placedAtDisposal', fte: string, euros: number][];
  readonly workUnit?: string;
  readonly forecastUnits?: string;
}

const SE = '42218';
const SC = '42207';

const SERVICES: readonly ServiceDemo[] = [
  {
    reference: 'DGC',
    kind: 'sharedService',
    name: 'Direction Générale Commune',
    theme: 'Direction générale',
    createdOn: '2015',
    activities: 'Fonction de commandement commune : coordination des politiques publiques de la Métropole et de la Ville de Saint-Étienne.',
    participants: [['epci', '2015-01-01'], [SE, '2015-01-01']],
    start: '2015-01-01',
    scheme: (id) => ({ components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: id('epci'), percent: '50' }, { collectivityId: id(SE), percent: '50' }] } }] }),
    staff: [
      ['epci', 'Directeur général des services', 'transferred', '1', 165_000],
      [SE, 'Directeur général adjoint', 'transferred', '1', 128_000],
      [SE, 'Assistante de direction', 'placedAtDisposal', '0.5', 21_000],
    ],
  },
  {
    reference: 'GTI',
    kind: 'sharedService',
    name: "Direction Grands Travaux d'Infrastructures",
    theme: 'Travaux et infrastructures',
    createdOn: '2016',
    activities:
      "Bureau d'études et conducteurs d'opérations : missions non transférées (parcs et jardins, cours d'écoles, cimetières, terrains de sport, espaces publics non transférés, démolitions) et, pour la Métropole, voirie, eau, assainissement et infrastructures.",
    participants: [['epci', '2016-01-01'], [SE, '2016-01-01'], [SC, '2018-07-01']],
    start: '2016-01-01',
    scheme: (id) => ({
      components: [
        { percent: '60', rule: { kind: 'fixed', shares: [{ collectivityId: id('epci'), percent: '65' }, { collectivityId: id(SE), percent: '35' }] } },
        { percent: '40', rule: { kind: 'driver', driver: 'hours' } },
      ],
      overheadPercent: '6',
    }),
    staff: [
      ['epci', 'Directeur des grands travaux', 'transferred', '1', 98_000],
      ['epci', "Ingénieur bureau d'études", 'transferred', '1', 62_000],
      [SE, "Conducteur d'opérations", 'transferred', '1', 54_000],
      [SE, "Conducteur d'opérations", 'transferred', '1', 52_500],
      [SE, 'Technicien dessinateur', 'placedAtDisposal', '0.6', 27_000],
    ],
  },
  {
    reference: 'DSIN',
    kind: 'sharedService',
    name: 'Direction des systèmes d’information et du numérique',
    theme: 'Numérique',
    createdOn: '2017-02',
    activities: 'Infrastructures, applications métier, données du territoire, innovation numérique et services aux usagers.',
    participants: [['epci', '2017-02-01'], [SE, '2017-02-01']],
    start: '2017-02-01',
    scheme: () => ({ components: [{ percent: '60', rule: { kind: 'driver', driver: 'workstations' } }, { percent: '40', rule: { kind: 'driver', driver: 'population' } }], overheadPercent: '5' }),
    staff: [
      ['epci', 'Directeur des systèmes d’information', 'transferred', '1', 105_000],
      [SE, 'Responsable infrastructures', 'transferred', '1', 68_000],
      [SE, 'Technicien support', 'transferred', '1', 41_000],
      ['epci', 'Chef de projet données', 'placedAtDisposal', '0.8', 48_000],
    ],
  },
  {
    reference: 'DPCFE',
    kind: 'sharedService',
    name: 'Direction des politiques contractuelles et financements extérieurs',
    theme: 'Finances et contractualisation',
    createdOn: '2017-02',
    activities: 'Recherche de co-financeurs, suivi du contrat de plan, réponse aux appels à projets.',
    participants: [['epci', '2017-02-01'], [SE, '2017-02-01']],
    start: '2017-02-01',
    scheme: () => ({ components: [{ percent: '100', rule: { kind: 'driver', driver: 'population' } }] }),
    staff: [
      ['epci', 'Directrice des financements extérieurs', 'transferred', '1', 82_000],
      [SE, 'Chargé de mission fonds européens', 'transferred', '1', 49_000],
    ],
  },
  {
    reference: 'DCMT',
    kind: 'sharedService',
    name: 'Direction de la communication et du marketing territorial',
    theme: 'Communication',
    createdOn: '2017-07',
    activities: 'Communication de la Métropole sur le territoire en lien avec les communes membres, marketing territorial.',
    participants: [['epci', '2017-07-01'], [SE, '2017-07-01']],
    start: '2017-07-01',
    scheme: (id) => ({ components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: id('epci'), percent: '70' }, { collectivityId: id(SE), percent: '30' }] } }] }),
    staff: [
      ['epci', 'Directeur de la communication', 'transferred', '1', 88_000],
      [SE, 'Chargée de communication', 'transferred', '1', 44_000],
      [SE, 'Graphiste', 'placedAtDisposal', '0.5', 20_500],
    ],
  },
  {
    reference: 'FONCIER',
    kind: 'sharedService',
    name: 'Service foncier mutualisé',
    theme: 'Foncier et urbanisme',
    createdOn: '2018-09',
    activities: "Pour la Ville de Saint-Étienne, son projet urbain ; pour la Métropole, voirie, assainissement, rivières, baux.",
    participants: [['epci', '2018-09-01'], [SE, '2018-09-01']],
    start: '2018-09-01',
    scheme: (id) => ({
      components: [
        { percent: '50', rule: { kind: 'fixed', shares: [{ collectivityId: id('epci'), percent: '50' }, { collectivityId: id(SE), percent: '50' }] } },
        { percent: '50', rule: { kind: 'driver', driver: 'hours' } },
      ],
    }),
    staff: [
      [SE, 'Responsable du service foncier', 'transferred', '1', 72_000],
      ['epci', 'Négociatrice foncière', 'transferred', '1', 46_000],
    ],
  },
  {
    reference: 'MAH',
    kind: 'sharedService',
    name: 'Mission Accessibilité Handicap',
    theme: 'Solidarités et accessibilité',
    createdOn: null,
    note: 'Date de création non précisée par le rapport 2020.',
    activities: 'Accessibilité aux personnes en situation de handicap, concertation avec les associations et institutions du territoire.',
    participants: [['epci', '2019-01-01'], [SE, '2019-01-01']],
    start: '2019-01-01',
    scheme: (id) => ({ components: [{ percent: '100', rule: { kind: 'fixed', shares: [{ collectivityId: id('epci'), percent: '50' }, { collectivityId: id(SE), percent: '50' }] } }] }),
    staff: [[SE, 'Chargée de mission accessibilité', 'transferred', '1', 47_000]],
  },
  {
    reference: 'SIG',
    kind: 'serviceProvision',
    name: "Système d'information géographique métropolitain",
    theme: 'Numérique',
    createdOn: '2019-01',
    managedBy: SE,
    note: 'Géré par la Ville de Saint-Étienne ; date et communes bénéficiaires illustratives.',
    activities: 'Référentiel géographique partagé, numérotation de voirie, mobilier urbain, espaces verts ; assistance aux communes.',
    participants: [[SE, '2019-01-01'], ['epci', '2019-01-01'], ['42095', '2019-01-01'], [SC, '2019-01-01'], ['42186', '2019-01-01'], ['42302', '2019-01-01']],
    start: '2019-01-01',
    scheme: () => ({ components: [{ percent: '100', rule: { kind: 'units', unit: 'heure', notifiedUnitCents: 4_850, notifiedOn: '2018-11-15' } }] }),
    workUnit: "heure d'intervention",
    forecastUnits: '1800',
    staff: [
      [SE, 'Administrateur SIG', 'transferred', '1', 52_000],
      [SE, 'Géomaticienne', 'placedAtDisposal', '0.7', 33_000],
    ],
  },
];

const day = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const FAKE_NAMES = ['Julien Perret', 'Sandrine Mazet', 'Karim Ouali', 'Élodie Besson', 'Thomas Chapuis', 'Claire Fayolle', 'Hugo Vernet', 'Inès Bonnefoy'];

export async function loadAgreementsDemo(db: Database, ctx: TerritoryContext): Promise<void> {
  const register = await territory.listCollectivities(db, ctx);
  const epci = register.find((c) => c.kind === 'epci')!;
  const byInsee = new Map(register.filter((c) => c.inseeCode).map((c) => [c.inseeCode!, c]));
  const of = (who: string): Collectivity => {
    const c = who === 'epci' ? epci : byInsee.get(who);
    if (!c) throw new Error(`Démonstration : collectivité ${who} absente du registre.`);
    return c;
  };
  const id = (who: string) => of(who).id;
  const body = (who: string) => (who === 'epci' ? 'Bureau métropolitain' : 'Conseil municipal');
  const route = (who: string): PaymentRoute => (who === SE ? 'compensationDeduction' : 'invoice');
  const schedule = (who: string) => (who === 'epci' ? ONCE : who === SE ? QUARTERLY : TWICE);
  let names = 0;

  const approveAll = async (target: { agreementId: string; amendmentId?: string }, parties: readonly string[], dates: Record<string, string>, label: string) => {
    for (const who of parties) {
      await agreements.recordApproval(db, ctx, { ...target, collectivityId: id(who), body: body(who), approvedOn: dates[who]!, deliberationReference: `${label}-${who === 'epci' ? 'B' : who} (illustratif)` });
    }
  };

  const serviceIds = new Map<string, string>();
  for (const s of SERVICES) {
    const service = await agreements.createService(db, ctx, {
      kind: s.kind,
      reference: s.reference,
      name: s.name,
      theme: s.theme,
      managingCollectivityId: s.managedBy ? id(s.managedBy) : null,
      createdOn: s.createdOn,
      activities: s.activities,
      status: 'active',
      note: [s.note, ILLUSTRATIVE].filter(Boolean).join(' '),
      participants: s.participants.filter(([who]) => !(s.reference === 'GTI' && who === SC)).map(([who, from]) => ({ collectivityId: id(who), validFrom: from, validTo: null })),
    });
    serviceIds.set(s.reference, service.id);
    for (const [origin, post, status, fte, euros] of s.staff) {
      await agreements.addStaff(db, ctx, service.id, {
        originCollectivityId: id(origin),
        post,
        agentName: `${FAKE_NAMES[names++ % FAKE_NAMES.length]} (fictif)`,
        status,
        fte,
        yearlyCostCents: euros * 100,
        validFrom: s.start,
        note: 'Coût annuel chargé illustratif.',
      });
    }
    const parties = s.participants.filter(([who]) => !(s.reference === 'GTI' && who === SC)).map(([who]) => who);
    const agreement = await agreements.createAgreement(db, ctx, {
      serviceId: service.id,
      reference: `CONV-${s.reference}-${s.start.slice(0, 4)}`,
      object: `Convention de ${s.kind === 'serviceProvision' ? 'mise à disposition' : 'création du service commun'} : ${s.name}`,
      signedOn: day(s.start, -10),
      inForceFrom: s.start,
      endsOn: s.reference === 'GTI' ? '2018-06-30' : null,
      partyIds: parties.map(id),
      note: "Dates d'approbation et de signature illustratives (non données par le rapport).",
    });
    const approvalDates = Object.fromEntries(parties.map((who, i) => [who, day(s.start, -40 + i * 7)]));
    await approveAll({ agreementId: agreement.id }, parties, approvalDates, `DEL-${s.start.slice(0, 4)}-${s.reference}`);
    const amendment = await agreements.addAmendment(db, ctx, agreement.id, {
      number: 1,
      object: `Annexe financière : schéma de refacturation (${s.name})`,
      signedOn: day(s.start, -10),
      effectiveFrom: s.start,
      chargingScheme: s.scheme(id),
      workUnit: s.workUnit ?? null,
      forecastUnits: s.forecastUnits ?? null,
      staffCommitteeOpinionOn: day(s.start, -60),
      staffCommitteeOpinion: 'Avis favorable (illustratif).',
      impactSheet: `Fiche d'impact : ${s.staff.length} poste(s) concerné(s), transferts et mises à disposition (illustratif).`,
      // Only the EPCI's communes have an AC to deduct from: a service the city manages invoices everyone.
      participants: parties.map((who) => ({ collectivityId: id(who), paymentRoute: s.managedBy ? 'invoice' : route(who), installments: schedule(who) })),
      note: ILLUSTRATIVE,
    });
    await approveAll({ agreementId: agreement.id, amendmentId: amendment.id }, parties, approvalDates, `DEL-${s.start.slice(0, 4)}-${s.reference}-AV1`);
  }

  // The three-way Grands Travaux agreement with Saint-Chamond (report §IV): from 1 July 2018.
  const gti = serviceIds.get('GTI')!;
  await agreements.addServiceParticipant(db, ctx, gti, { collectivityId: id(SC), validFrom: '2018-07-01' });
  const threeWay = await agreements.createAgreement(db, ctx, {
    serviceId: gti,
    reference: 'CONV-GTI-2018-SC',
    object: "Convention de prestations du service commun Grands Travaux d'Infrastructures pour le compte de la Ville de Saint-Étienne et de Saint-Chamond : répartition des charges directes et indirectes entre les trois collectivités",
    signedOn: '2018-06-28',
    inForceFrom: '2018-07-01',
    partyIds: [id('epci'), id(SE), id(SC)],
    note: 'Dates des trois approbations : rapport 2020 §IV. Date de signature illustrative.',
  });
  const threeWayDates: Record<string, string> = { epci: '2018-06-14', [SC]: '2018-06-26', [SE]: '2018-06-04' };
  const approveThreeWay = async (target: { agreementId: string; amendmentId?: string }) => {
    // In the order they happened: Saint-Étienne first, then the Bureau, then Saint-Chamond.
    for (const who of [SE, 'epci', SC]) {
      await agreements.recordApproval(db, ctx, { ...target, collectivityId: id(who), body: body(who), approvedOn: threeWayDates[who]!, deliberationReference: null });
    }
  };
  await approveThreeWay({ agreementId: threeWay.id });
  const annex = await agreements.addAmendment(db, ctx, threeWay.id, {
    number: 1,
    object: 'Annexe financière : charges directes et indirectes entre la Métropole, Saint-Étienne et Saint-Chamond',
    signedOn: '2018-06-28',
    effectiveFrom: '2018-07-01',
    chargingScheme: {
      components: [
        { percent: '50', rule: { kind: 'fixed', shares: [{ collectivityId: id('epci'), percent: '60' }, { collectivityId: id(SE), percent: '30' }, { collectivityId: id(SC), percent: '10' }] } },
        { percent: '50', rule: { kind: 'driver', driver: 'hours' } },
      ],
      overheadPercent: '6',
    },
    workUnit: null,
    forecastUnits: null,
    staffCommitteeOpinionOn: '2018-05-22',
    staffCommitteeOpinion: 'Avis favorable (illustratif).',
    impactSheet: 'Aucun transfert de personnel de Saint-Chamond : prestations du service commun existant (illustratif).',
    participants: [
      { collectivityId: id('epci'), paymentRoute: 'invoice', installments: ONCE },
      { collectivityId: id(SE), paymentRoute: 'compensationDeduction', installments: QUARTERLY },
      { collectivityId: id(SC), paymentRoute: 'invoice', installments: TWICE },
    ],
    note: ILLUSTRATIVE,
  });
  await approveThreeWay({ agreementId: threeWay.id, amendmentId: annex.id });
  // A yearly revision (report §IV: "révisables annuellement"): amendment 2 from 2020, still awaiting Saint-Chamond.
  const revision = await agreements.addAmendment(db, ctx, threeWay.id, {
    number: 2,
    object: 'Révision annuelle 2020 des clés de répartition',
    signedOn: null,
    effectiveFrom: '2020-01-01',
    chargingScheme: {
      components: [
        { percent: '40', rule: { kind: 'fixed', shares: [{ collectivityId: id('epci'), percent: '58' }, { collectivityId: id(SE), percent: '30' }, { collectivityId: id(SC), percent: '12' }] } },
        { percent: '60', rule: { kind: 'driver', driver: 'hours' } },
      ],
      overheadPercent: '6',
    },
    workUnit: null,
    forecastUnits: null,
    staffCommitteeOpinionOn: null,
    participants: [
      { collectivityId: id('epci'), paymentRoute: 'invoice', installments: ONCE },
      { collectivityId: id(SE), paymentRoute: 'compensationDeduction', installments: QUARTERLY },
      { collectivityId: id(SC), paymentRoute: 'invoice', installments: TWICE },
    ],
    note: ILLUSTRATIVE,
  });
  await agreements.recordApproval(db, ctx, { agreementId: threeWay.id, amendmentId: revision.id, collectivityId: id(SE), body: body(SE), approvedOn: '2019-12-16', deliberationReference: 'illustratif' });
  await agreements.recordApproval(db, ctx, { agreementId: threeWay.id, amendmentId: revision.id, collectivityId: id('epci'), body: body('epci'), approvedOn: '2019-12-19', deliberationReference: 'illustratif' });
  await agreements.createSteeringCommittee(db, ctx, threeWay.id, {
    name: 'Comité de pilotage Grands Travaux',
    members: [
      { collectivityId: id('epci'), name: 'Vice-président aux infrastructures (illustratif)', role: 'Élu référent' },
      { collectivityId: id(SE), name: 'Adjoint aux travaux (illustratif)', role: 'Élu référent' },
      { collectivityId: id(SC), name: 'Adjointe à l’urbanisme (illustratif)', role: 'Élue référente' },
      { collectivityId: id('epci'), name: 'Directeur des grands travaux (illustratif)', role: 'Direction du service' },
    ],
  });
  await agreements.recordMeeting(db, ctx, threeWay.id, { heldOn: '2018-12-10', agenda: 'Bilan du premier semestre de prestations pour Saint-Chamond (illustratif)', decisions: ['Programme 2019 des opérations de Saint-Chamond validé.', 'Relevé trimestriel des heures par collectivité.'] });
  await agreements.recordMeeting(db, ctx, threeWay.id, { heldOn: '2019-11-25', agenda: 'Révision annuelle des clés de répartition (illustratif)', decisions: ["Proposition d'avenant n° 2 à compter du 1er janvier 2020."] });

  // The general agreement (report §IV): refacturation of common expenses between the two collectivities.
  const general = await agreements.createAgreement(db, ctx, {
    serviceId: null,
    reference: 'CONV-GENERALE-2017',
    object: 'Convention générale de mutualisation : modalités techniques et refacturation des dépenses communes entre Saint-Étienne Métropole et la Ville de Saint-Étienne',
    signedOn: '2017-12-05',
    inForceFrom: null,
    partyIds: [id('epci'), id(SE)],
    note: 'Approbations : rapport 2020 §IV. Date de signature illustrative.',
  });
  await agreements.recordApproval(db, ctx, { agreementId: general.id, collectivityId: id('epci'), body: 'Bureau métropolitain', approvedOn: '2017-11-15', deliberationReference: null });
  await agreements.recordApproval(db, ctx, { agreementId: general.id, collectivityId: id(SE), body: 'Conseil municipal', approvedOn: '2017-11-27', deliberationReference: null });
  await agreements.createSteeringCommittee(db, ctx, general.id, {
    name: 'Comité de pilotage de la mutualisation',
    members: [
      { collectivityId: id('epci'), name: 'Président de la Métropole (illustratif)', role: 'Co-président' },
      { collectivityId: id(SE), name: 'Maire de Saint-Étienne (illustratif)', role: 'Co-président' },
      { collectivityId: id('epci'), name: 'Directeur général des services (illustratif)', role: 'Direction générale commune' },
    ],
  });
  await agreements.recordMeeting(db, ctx, general.id, { heldOn: '2019-06-17', agenda: 'Bilan annuel de la mutualisation (illustratif)', decisions: ['Présentation du rapport d’avancement au conseil métropolitain.', 'Étude de la mutualisation de la mission Accessibilité Handicap.'] });

  // Attribution de compensation register (amounts illustrative; a small commune with a negative AC).
  const acs: [string, number][] = [
    [SE, 41_250_000],
    [SC, 6_480_000],
    ['42095', 2_120_000],
    ['42186', 1_540_000],
    ['42302', 310_000],
    ['42305', -85_000],
  ];
  for (const year of [2019, 2020]) {
    for (const [who, euros] of acs) {
      await agreements.setCompensationAllocation(db, ctx, { communeId: id(who), year, clectAmountCents: euros * 100, clectReportOn: `${year - 1}-09-24`, deliberationReference: null, note: ILLUSTRATIVE });
    }
  }
  // One year of deductions already recorded for Saint-Étienne (source "démonstration"; charging runs add theirs).
  await db.transaction(scopeOf(ctx), async (tx) => {
    for (const [ref, euros] of [['DGC', 146_500], ['DSIN', 1_020_000]] as const) {
      await agreements.recordCompensationDeduction(tx, ctx, { communeId: id(SE), year: 2019, serviceId: serviceIds.get(ref)!, amountCents: euros * 100, source: 'démonstration', label: `Retenue 2019 : ${SERVICES.find((s) => s.reference === ref)!.name} (illustratif)` });
    }
  });
}
