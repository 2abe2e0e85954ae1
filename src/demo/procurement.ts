import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import type { Cents } from '../platform/money.ts';
import * as territory from '../territory/service.ts';
import { luhnValid, type Collectivity } from '../territory/model.ts';
import type { ContractDraft } from '../procurement/contract-service.ts';
import { loadPurchasingHistory, type HistoryGroup } from '../procurement/history-service.ts';
import type { Scope } from '../procurement/model.ts';

/**
 * Joint purchasing of Saint-Étienne Métropole, section V.1 of the 2020 progress report: the counts are the report's
 * (2016: 9 contracts; 2017: 20 groups, 35 works contracts, 7 named partners; 2018: 9 groups with the named communes,
 * 22 contracts of the shared communication and IT directions; 2019: 24 groups, 12 entities, the Métropole coordinator
 * of 10 that led to 51 contracts). Objects, dates, amounts, suppliers and SIRETs are illustrative, and say so.
 */
export const ILLUSTRATIVE = 'Données illustratives (démonstration) : objet, dates et montants inventés ; seuls les nombres de groupements, de partenaires et de marchés viennent du rapport 2020.';
const SOURCE = 'démonstration (illustratif, rapport 2020 §V.1)';

/** The first establishment number (NIC) that gives a SIREN a SIRET with a valid Luhn key: illustrative, not the real one. */
export function illustrativeSiret(siren: string): string {
  for (let nic = 10; ; nic++) {
    const siret = siren + String(nic).padStart(5, '0');
    if (luhnValid(siret)) return siret;
  }
}

const SUPPLIERS = ['Travaux Publics du Gier', 'Signalétique Loire', 'Formation Territoires', 'Papeterie du Forez', 'Réseaux Numériques Rhône-Loire', 'Imprimerie du Furan', 'Énergies Pilat', 'Mobilier Urbain Ondaine'].map(
  (name, i) => ({ name: `${name} (entreprise fictive)`, siret: illustrativeSiret(String(900100000 + i * 1111).slice(0, 8) + '0') }),
);

interface Partners {
  readonly epci: Collectivity;
  readonly byName: (name: string) => Collectivity;
}

const approvalBody = (c: Collectivity) =>
  c.kind === 'epci' ? 'Bureau métropolitain' : c.kind === 'commune' ? 'Conseil municipal' : c.kind === 'otherEpci' ? 'Conseil communautaire' : "Conseil d'administration";

const shift = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

let counter = 0;
function contract(p: Partners, o: { reference: string; object: string; cpv: string; ccag: ContractDraft['ccag']; notifiedOn: string; amountCents: number; months?: number; buyer?: Collectivity; direction?: string; supplier?: number }): Omit<ContractDraft, 'groupId' | 'lotId'> {
  const supplier = SUPPLIERS[(o.supplier ?? counter++) % SUPPLIERS.length]!;
  return {
    reference: o.reference,
    sharedDirection: o.direction ?? null,
    buyerId: (o.buyer ?? p.epci).id,
    nature: 'Marché',
    object: `${o.object} (illustratif)`,
    cpvCode: o.cpv,
    procedure: o.amountCents >= 21_500_000 ? "Appel d'offres ouvert" : 'Procédure adaptée',
    techniques: ['Accord-cadre'],
    executionMethods: ['Bons de commande'],
    frameworkAgreementId: null,
    innovative: false,
    ccag: o.ccag,
    offersReceived: 3,
    advancePaid: false,
    advanceRate: null,
    operatorGrouping: 'Pas de groupement',
    subcontractingDeclared: false,
    placeCode: '42218',
    placeCodeType: 'Code commune',
    durationMonths: o.months ?? 36,
    notifiedOn: o.notifiedOn,
    dataPublishedOn: null,
    amountCents: o.amountCents as Cents,
    priceForm: 'Unitaire',
    priceTypes: ['Définitif révisable'],
    originEu: null,
    originFrance: null,
    socialConsiderations: ['Pas de considération sociale'],
    environmentalConsiderations: ['Pas de considération environnementale'],
    suppliers: [{ identifier: supplier.siret, identifierType: 'SIRET', name: supplier.name }],
  };
}

function group(p: Partners, o: { reference: string; object: string; scopes: Scope[]; categories: string[]; signedOn: string; coordinator?: Collectivity; partners: Collectivity[]; contracts: HistoryGroup['contracts'] }): HistoryGroup {
  const coordinator = o.coordinator ?? p.epci;
  const members = [p.epci, ...o.partners.filter((c) => c.id !== p.epci.id)];
  return {
    reference: o.reference,
    object: `${o.object} (illustratif)`,
    scopes: o.scopes,
    categories: o.categories,
    coordinatorId: coordinator.id,
    coordinatorMission: 'awardAndSignature',
    status: 'active',
    agreementSignedOn: o.signedOn,
    agreementDurationMonths: 48,
    launchedOn: shift(o.signedOn, 14),
    note: ILLUSTRATIVE,
    members: members.map((c, i) => ({ collectivityId: c.id, approval: { body: approvalBody(c), date: shift(o.signedOn, -30 + i), reference: `délibération n° ${o.signedOn.slice(0, 4)}-${String(100 + i).padStart(3, '0')} (illustratif)` } })),
    lots: [],
    needs: [],
    contracts: o.contracts,
  };
}

const lot = (c: Omit<ContractDraft, 'groupId' | 'lotId'>, consumption: HistoryGroup['contracts'][number]['consumption'] = []) => ({ ...c, lot: null, consumption });

function plan2016(p: Partners): HistoryGroup[] {
  const ville = p.byName('Saint-Étienne');
  const of = (ref: string, objects: [string, string, Scope, string, ContractDraft['ccag']][], signedOn: string, name: string, scopes: Scope[]) =>
    group(p, {
      reference: ref,
      object: name,
      scopes,
      categories: [],
      signedOn,
      partners: [ville],
      contracts: objects.map(([reference, object, , cpv, ccag], i) => lot(contract(p, { reference, object, cpv, ccag, notifiedOn: shift(signedOn, 60 + i), amountCents: 4_500_000 + i * 1_250_000 }))),
    });
  return [
    of('GC-2016-01', [['M16-TX-01', 'Travaux de réfection des cours d’écoles, lot 1', 'works', '45233141-9', 'Travaux'], ['M16-TX-02', 'Travaux de réfection des cours d’écoles, lot 2', 'works', '45233141-9', 'Travaux'], ['M16-TX-03', 'Travaux d’aménagement de terrains de sport', 'works', '45236110-4', 'Travaux'], ['M16-TX-04', 'Démolitions de bâtiments', 'works', '45111100-9', 'Travaux']], '2016-03-14', 'Travaux sur les missions non transférées', ['works']),
    of('GC-2016-02', [['M16-FO-01', 'Formations management', 'services', '80511000-9', 'Prestations intellectuelles'], ['M16-FO-02', 'Formations bureautique', 'services', '80533100-0', 'Prestations intellectuelles'], ['M16-FO-03', 'Formations hygiène et sécurité', 'services', '80550000-4', 'Prestations intellectuelles']], '2016-05-02', 'Prestations de formation des agents', ['services']),
    of('GC-2016-03', [['M16-SI-01', 'Signalétique des bâtiments publics', 'supplies', '34928470-3', 'Fournitures courantes et services'], ['M16-SI-02', 'Signalétique directionnelle', 'supplies', '34928470-3', 'Fournitures courantes et services']], '2016-09-19', 'Signalétique', ['supplies']),
  ];
}

function plan2017(p: Partners): HistoryGroup[] {
  const partners = ['Saint-Genest-Lerpt', 'Saint-Jean-Bonnefonds', 'Châteauneuf', 'La Talaudière', 'Firminy', 'CC des Monts du Pilat', 'Saint-Étienne'].map(p.byName);
  const works: [string, string][] = [['Travaux de voirie', '45233140-2'], ['Réfection de trottoirs', '45233161-5'], ['Aménagement d’espaces publics', '45112711-2'], ['Travaux d’éclairage public', '45316110-9']];
  return Array.from({ length: 20 }, (_, i) => {
    const signedOn = shift('2017-01-16', i * 15);
    const [object, cpv] = works[i % works.length]!;
    const count = i < 15 ? 2 : 1;
    return group(p, {
      reference: `GC-2017-${String(i + 1).padStart(2, '0')}`,
      object: `${object} avec ${partners[i % partners.length]!.name}`,
      scopes: ['works'],
      categories: ['voirie'],
      signedOn,
      partners: [partners[i % partners.length]!],
      contracts: Array.from({ length: count }, (__, k) => lot(contract(p, { reference: `M17-${String(i + 1).padStart(2, '0')}-${k + 1}`, object: `${object}, marché ${k + 1}`, cpv, ccag: 'Travaux', notifiedOn: shift(signedOn, 45 + k), amountCents: 6_000_000 + i * 150_000 + k * 900_000 }))),
    });
  });
}

function plan2018(p: Partners): { groups: HistoryGroup[]; directions: ContractDraft[] } {
  const partners = ['La Grand-Croix', 'Saint-Jean-Bonnefonds', "L'Horme", "L'Horme", 'Saint-Étienne', 'Saint-Étienne', 'Rive-de-Gier', 'Saint-Héand', 'Sorbiers'].map(p.byName);
  const objects = ['Entretien des espaces verts', 'Maîtrise d’œuvre de voirie', 'Travaux de réseaux secs', 'Vérifications périodiques des bâtiments', 'Fourniture de carburants', 'Nettoyage des locaux', 'Contrôles d’assainissement', 'Travaux de signalisation horizontale', 'Fourniture de mobilier scolaire'];
  const groups = partners.map((partner, i) =>
    group(p, { reference: `GC-2018-${String(i + 1).padStart(2, '0')}`, object: `${objects[i]!} avec ${partner.name}`, scopes: [i === 4 || i === 8 ? 'supplies' : 'services'], categories: [], signedOn: shift('2018-02-05', i * 30), partners: [partner], contracts: [] }),
  );
  const com = 'Direction de la communication et du marketing territorial';
  const dsi = 'Direction des systèmes d’information et du numérique';
  const directions: ContractDraft[] = Array.from({ length: 22 }, (_, i) => {
    const isCom = i < 10;
    const c = contract(p, {
      reference: `M18-${isCom ? 'COM' : 'DSI'}-${String(i + 1).padStart(2, '0')}`,
      object: isCom ? ['Impression des magazines', 'Achat d’espaces publicitaires', 'Photographies', 'Organisation d’événements', 'Conception graphique'][i % 5]! : ['Maintenance des logiciels', 'Fourniture de postes de travail', 'Hébergement et infogérance', 'Téléphonie mobile', 'Licences bureautiques', 'Réseau métropolitain'][i % 6]!,
      cpv: isCom ? '79800000-2' : '72267000-4',
      ccag: isCom ? 'Fournitures courantes et services' : "Techniques de l'information et de la communication",
      notifiedOn: shift('2018-01-22', i * 15),
      amountCents: 3_000_000 + i * 420_000,
      direction: isCom ? com : dsi,
    });
    return { ...c, groupId: null, lotId: null };
  });
  return { groups, directions };
}

function plan2019(p: Partners): HistoryGroup[] {
  const names = ['Saint-Étienne', 'Saint-Chamond', 'Firminy', 'Rive-de-Gier', 'La Talaudière', 'Saint-Jean-Bonnefonds', 'Roche-la-Molière', 'Sorbiers', 'Saint-Genest-Lerpt', 'CC des Monts du Pilat', 'CC de Forez-Est', 'CCAS de Saint-Étienne'];
  const e = names.map(p.byName);
  const objects: [string, string, ContractDraft['ccag'], Scope][] = [
    ['Fourniture de papier et d’enveloppes', '30197630-1', 'Fournitures courantes et services', 'supplies'],
    ['Fourniture de postes informatiques', '30213000-5', "Techniques de l'information et de la communication", 'supplies'],
    ['Services de télécommunication', '64200000-8', "Techniques de l'information et de la communication", 'services'],
    ['Assurances des flottes automobiles', '66514110-0', 'Fournitures courantes et services', 'services'],
    ['Travaux d’entretien de la voirie', '45233141-9', 'Travaux', 'works'],
    ['Fourniture de produits d’entretien', '39830000-9', 'Fournitures courantes et services', 'supplies'],
  ];
  return Array.from({ length: 24 }, (_, i) => {
    const coordinated = i < 10;
    const [object, cpv, ccag, scope] = objects[i % objects.length]!;
    const partners = coordinated ? [e[i % 12]!, e[(i + 1) % 12]!, e[(i + 5) % 12]!] : [e[(i + 2) % 12]!, e[(i + 7) % 12]!];
    const signedOn = shift('2019-01-14', i * 14);
    const count = coordinated ? (i === 9 ? 6 : 5) : 0;
    const members = [p.epci, ...partners];
    const ceiling = 2_600_000 + i * 400_000;
    return group(p, {
      reference: `GC-2019-${String(i + 1).padStart(2, '0')}`,
      object,
      scopes: [scope],
      categories: [],
      signedOn,
      coordinator: coordinated ? p.epci : partners[0]!,
      partners,
      contracts: Array.from({ length: count }, (__, k) => {
        const c = contract(p, { reference: `M19-${String(i + 1).padStart(2, '0')}-${k + 1}`, object: `${object}, lot ${k + 1}`, cpv, ccag, notifiedOn: shift(signedOn, 50 + k), amountCents: k === 4 ? 1_800_000 : ceiling + k * 250_000 });
        // The first contract of the first group has been consumed past its ceiling: the page flags it.
        const consumption =
          i === 0 && k === 0
            ? members.map((m, j) => ({ collectivityId: m.id, period: '2019', kind: 'invoiced' as const, amountCents: (Math.round(ceiling / members.length) + (j === 0 ? 300_000 : 0)) as Cents }))
            : k === 1
              ? members.slice(0, 2).map((m) => ({ collectivityId: m.id, period: '2019-12', kind: 'ordered' as const, amountCents: Math.round(ceiling / 5) as Cents }))
              : [];
        return lot(c, consumption);
      }),
    });
  });
}

/** A group being formed in 2020: needs collected from some members, others still missing (the coordinator sees who). */
function forming(p: Partners): HistoryGroup {
  const [ville, chamond, firminy, rive] = ['Saint-Étienne', 'Saint-Chamond', 'Firminy', 'Rive-de-Gier'].map(p.byName) as [Collectivity, Collectivity, Collectivity, Collectivity];
  return {
    reference: 'GC-2020-01',
    object: 'Fourniture de sel de déneigement 2020-2023 (illustratif)',
    scopes: ['supplies'],
    categories: ['viabilité hivernale'],
    coordinatorId: p.epci.id,
    coordinatorMission: 'awardAndSignature',
    status: 'forming',
    agreementSignedOn: null,
    agreementDurationMonths: 48,
    launchedOn: null,
    note: ILLUSTRATIVE,
    members: [
      { collectivityId: p.epci.id, approval: { body: 'Bureau métropolitain', date: '2020-01-16', reference: 'délibération n° 2020-012 (illustratif)' } },
      { collectivityId: ville.id, approval: { body: 'Conseil municipal', date: '2020-01-20', reference: 'délibération n° 2020-031 (illustratif)' } },
      { collectivityId: chamond.id, approval: null },
      { collectivityId: firminy.id, approval: null },
      { collectivityId: rive.id, approval: null },
    ],
    lots: [
      { title: 'Sel de déneigement en vrac', unit: 'tonne' },
      { title: 'Sel de déneigement en sacs de 25 kg', unit: 'sac' },
    ],
    needs: [
      { lot: 0, collectivityId: p.epci.id, quantity: '2500', estimatedCents: 22_500_000 as Cents, comment: 'Voirie métropolitaine (illustratif)' },
      { lot: 0, collectivityId: ville.id, quantity: '800', estimatedCents: 7_200_000 as Cents, comment: null },
      { lot: 1, collectivityId: ville.id, quantity: '400', estimatedCents: 360_000 as Cents, comment: null },
      { lot: 0, collectivityId: firminy.id, quantity: '120', estimatedCents: 1_080_000 as Cents, comment: 'Besoin illustratif de Firminy' },
    ],
    contracts: [],
  };
}

/** The demo's joint purchasing, loaded through the procurement module's history service (audited, one transaction). */
export async function loadProcurementDemo(db: Database, ctx: TerritoryContext): Promise<void> {
  let register = await territory.listCollectivities(db, ctx);
  const epci = register.find((c) => c.kind === 'epci')!;
  // The Métropole buys in its own name: its SIRET identifies it in the essential data (illustrative establishment number).
  await territory.setSiret(db, ctx, epci.id, illustrativeSiret(epci.siren!));
  await territory.addCollectivity(db, ctx, { kind: 'otherEpci', name: 'CC des Monts du Pilat', siren: '244200622', siret: illustrativeSiret('244200622') });
  await territory.addCollectivity(db, ctx, { kind: 'otherEpci', name: 'CC de Forez-Est', siren: '200065894', siret: illustrativeSiret('200065894') });
  await territory.addCollectivity(db, ctx, { kind: 'ccas', name: 'CCAS de Saint-Étienne' });
  register = await territory.listCollectivities(db, ctx);
  const byName = (name: string) => register.find((c) => c.name === name) ?? (() => { throw new Error(`démonstration : ${name} absent du registre`); })();
  const p: Partners = { epci: register.find((c) => c.kind === 'epci')!, byName };
  counter = 0;
  const y2018 = plan2018(p);
  await loadPurchasingHistory(db, ctx, [...plan2016(p), ...plan2017(p), ...y2018.groups, ...plan2019(p), forming(p)], y2018.directions, SOURCE);
}
