import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import * as territory from '../territory/service.ts';
import * as charging from '../charging/service.ts';
import { serviceNames } from '../charging/sources.ts';

/**
 * 2019 charging of the demo's shared services (the agreements demo's services and schemes). The report gives no
 * costs, drivers or units: every figure here is illustrative, and each cost line's label says so.
 */
const ILLUSTRATIVE = '(illustratif)';
const SE = '42218';
const SC = '42207';

/** [service, category, label, budget €, actual €, attributed to] — plausible orders of magnitude, invented. */
const COSTS: readonly [string, string, string, number, number, string?][] = [
  ['DGC', 'personnel', 'Rémunérations et charges de la direction générale commune', 318_000, 321_450.37],
  ['DGC', 'fonctionnement', 'Déplacements, abonnements, fournitures', 24_000, 21_312.9],
  ['GTI', 'personnel', "Rémunérations du bureau d'études et des conducteurs d'opérations", 312_000, 309_874.12],
  ['GTI', 'fonctionnement', 'Véhicules, logiciels de DAO, reprographie', 46_000, 49_210.55],
  ['GTI', 'investissement', 'Amortissement du matériel de topographie', 18_000, 18_000],
  ['GTI', 'fonctionnement', 'Études de sol, réaménagement de la place de la Liberté', 35_000, 37_642.8, SC],
  ['DSIN', 'personnel', 'Rémunérations de la direction du numérique', 262_000, 258_940.21],
  ['DSIN', 'fonctionnement', 'Licences, maintenance, hébergement', 410_000, 428_117.64],
  ['DSIN', 'investissement', 'Amortissement des serveurs et postes de travail', 185_000, 183_420],
  ['DPCFE', 'personnel', 'Rémunérations des chargés de financements extérieurs', 131_000, 128_765.33],
  ['DPCFE', 'fonctionnement', 'Veille, formations, déplacements à Bruxelles', 9_500, 7_843.1],
  ['DCMT', 'personnel', 'Rémunérations de la communication', 152_500, 154_201.45],
  ['DCMT', 'fonctionnement', 'Impression, achat d’espaces, événements', 96_000, 102_388.07],
  ['FONCIER', 'personnel', 'Rémunérations du service foncier', 118_000, 117_311.68],
  ['FONCIER', 'fonctionnement', 'Frais d’actes et de géomètre', 14_000, 16_954.2],
  ['MAH', 'personnel', 'Rémunération de la chargée de mission', 47_000, 47_612.5],
  ['MAH', 'fonctionnement', 'Concertation, interprétariat LSF', 6_000, 5_480],
  ['SIG', 'personnel', 'Rémunérations de l’équipe SIG', 85_000, 86_214.03],
  ['SIG', 'fonctionnement', 'Licences SIG, orthophotographies', 21_000, 24_876.4],
];
/** Support centres serving each other and the services (rule 6): [code, name, order, budget €, actual €, shares]. */
const CENTRES: readonly [string, string, number, number, number, [string, string][]][] = [
  ['RH', 'Ressources humaines mutualisées', 1, 120_000, 123_480.5, [['FIN', '10'], ['DGC', '15'], ['GTI', '25'], ['DSIN', '20'], ['DPCFE', '5'], ['DCMT', '10'], ['FONCIER', '10'], ['MAH', '5']]],
  ['FIN', 'Finances et commande publique', 2, 80_000, 78_912.25, [['RH', '20'], ['DGC', '10'], ['GTI', '30'], ['DSIN', '20'], ['DCMT', '10'], ['FONCIER', '10']]],
];
/** Driver values 2019 (illustrative), by INSEE code or "epci". */
const DRIVERS: readonly [string, string, string][] = [
  ['epci', 'population', '407700'],
  ['epci', 'workstations', '1180'],
  [SE, 'workstations', '2240'],
  ['epci', 'hours', '6120'],
  [SE, 'hours', '3410'],
  [SC, 'hours', '870'],
];
/** SIG hours (D5211-16): [commune, forecast, actual uses]. */
const SIG_HOURS: readonly [string, number, [string, string, string][]][] = [
  [SE, 900, [['2019-02-11', '310', 'Numérotation de voirie et adressage'], ['2019-06-03', '402.5', 'Inventaire du mobilier urbain'], ['2019-10-21', '251', 'Cartographie des espaces verts']]],
  ['epci', 450, [['2019-03-18', '288', 'Plan des réseaux d’assainissement'], ['2019-09-09', '196', 'Données de voirie pour le PLUi']]],
  ['42095', 180, [['2019-04-08', '124', 'Assistance à la mise à jour du cadastre']]],
  [SC, 150, [['2019-05-13', '97.5', 'Plan des cimetières'], ['2019-11-04', '61', 'Adressage de la ZAC']]],
  ['42186', 80, [['2019-06-24', '72', 'Cartographie des écoles']]],
  ['42302', 40, [['2019-09-30', '18', 'Plan de la commune pour le bulletin']]],
];

const csvText = (rows: string[][]) => rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(';')).join('\n');
const euros = (n: number) => n.toFixed(2).replace('.', ',');

export async function loadChargingDemo(db: Database, ctx: TerritoryContext): Promise<void> {
  const register = await territory.listCollectivities(db, ctx);
  const epci = register.find((c) => c.kind === 'epci')!;
  const id = (who: string) => (who === 'epci' ? epci.id : register.find((c) => c.inseeCode === who)!.id);
  const services = new Map((await serviceNames(db, ctx)).map((s) => [s.reference, s.id]));
  if (!services.has('SIG')) return; // the agreements demo is not loaded

  await charging.setYearSettings(db, ctx, 2019, { supportMethod: 'reciprocal', accounts: {} });
  const centreIds = new Map<string, string>();
  for (const [code, name, order] of CENTRES) centreIds.set(code, (await charging.addSupportCentre(db, ctx, { code, name, stepOrder: order })).id);
  for (const [code, , , , , shares] of CENTRES) {
    await charging.setSupportShares(db, ctx, centreIds.get(code)!, 2019, shares.map(([to, percent]) => (centreIds.has(to) ? { centreId: centreIds.get(to)!, percent } : { serviceId: services.get(to)!, percent })));
  }
  for (const [phase, column] of [['budget', 3], ['actual', 4]] as const) {
    const header = ['service', 'fonction_support', 'categorie', 'libelle', 'montant', 'reference', 'attribue_a'];
    const rows = COSTS.map((c) => [c[0], '', c[1], `${c[2]} ${ILLUSTRATIVE}`, euros(c[column] as number), `${phase === 'budget' ? 'BP' : 'CA'} 2019 chap. ${c[1] === 'personnel' ? '012' : c[1] === 'investissement' ? '042' : '011'}`, c[5] ?? '']);
    const centreRows = CENTRES.map((c) => ['', c[0], c[0] === 'RH' ? 'personnel' : 'fonctionnement', `Coût de la fonction ${c[1]} ${ILLUSTRATIVE}`, euros(c[column]), `${phase === 'budget' ? 'BP' : 'CA'} 2019`, '']);
    await charging.importCostLines(db, ctx, 2019, phase, new TextEncoder().encode(csvText([header, ...rows, ...centreRows])));
  }
  await charging.setDriverValues(db, ctx, 2019, DRIVERS.map(([who, driver, value]) => ({ collectivityId: id(who), driver, value })), 'démonstration (illustratif)');
  await charging.recordWorkUnits(db, ctx, [
    ...SIG_HOURS.map(([who, forecast]) => ({ serviceId: services.get('SIG')!, collectivityId: id(who), on: '2019-01-01', units: String(forecast), description: `Prévision annuelle ${ILLUSTRATIVE}`, forecast: true })),
    ...SIG_HOURS.flatMap(([who, , uses]) => uses.map(([on, units, description]) => ({ serviceId: services.get('SIG')!, collectivityId: id(who), on, units, description: `${description} ${ILLUSTRATIVE}` }))),
  ]);

  const provisional = await charging.runCharging(db, ctx, 2019, 'provisional');
  await charging.validateRun(db, ctx, provisional.id, '2019-01-31T09:00:00.000Z');
  // Installments actually paid: every invoiced installment, but Saint-Chamond's second one (still due at year end).
  const statement = await charging.runStatementLines(db, ctx, provisional.id);
  const managing = new Map((await serviceNames(db, ctx)).map((s) => [s.id, s.managingCollectivityId]));
  for (const line of statement) {
    if (line.kind !== 'installment' || line.paymentRoute !== 'invoice' || line.amountCents === 0) continue;
    if (managing.get(line.serviceId) === line.collectivityId) continue; // the provider does not pay itself
    if (line.collectivityId === id(SC) && line.dueOn === '2019-12-15') continue;
    await charging.recordInstallmentPayment(db, ctx, { collectivityId: line.collectivityId, serviceId: line.serviceId, year: 2019, paidOn: line.dueOn ?? '2019-12-15', amount: euros(line.amountCents / 100), reference: `Titre ${line.dueOn ?? ''} ${ILLUSTRATIVE}` });
  }
  const final = await charging.runCharging(db, ctx, 2019, 'final');
  await charging.validateRun(db, ctx, final.id, '2020-05-29T09:00:00.000Z');
}
