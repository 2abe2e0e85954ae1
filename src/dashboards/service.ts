import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import * as territory from '../territory/service.ts';
import * as charging from '../charging/service.ts';
import { serviceNames } from '../charging/sources.ts';
import * as catalogue from '../catalogue/service.ts';
import * as procurement from '../procurement/statistics-service.ts';
import * as aids from '../aids/service.ts';
import * as assemblies from '../assemblies/service.ts';
import * as deliberations from '../deliberations/service.ts';
import { activeInYear, breakdownYearOf, countByYear, overYears, unionYears, yearOf, type Dashboard, type Series } from './model.ts';

// Read only: every figure is computed from the other modules' services at the time of the call; nothing is stored.

type Run = charging.RunTotals['run'];

/** The run that stands for a year: the final one (actual accounts) before the provisional one, validated before draft, latest version. */
export function runOfYear(runs: readonly Run[], year: number): Run | null {
  const rank = (r: Run) => (r.phase === 'final' ? 0 : 2) + (r.status === 'validated' ? 0 : 1);
  const of = runs.filter((r) => r.year === year).sort((a, b) => rank(a) - rank(b) || b.version - a.version);
  return of[0] ?? null;
}

const REGISTER_LIMIT = 100_000;

interface Sources {
  readonly runs: Run[];
  readonly chargingYears: number[];
}

async function chargingSources(db: Database, ctx: TerritoryContext): Promise<Sources> {
  const runs = await charging.listRuns(db, ctx, null);
  return { runs, chargingYears: unionYears(runs.map((r) => r.year)) };
}

/** The territory's dashboard: costs by service and shares by commune, subscriptions, trainings, purchasing, aids, deliberations. */
export async function territoryDashboard(db: Database, ctx: TerritoryContext, asked: number | null): Promise<Dashboard> {
  const { runs, chargingYears } = await chargingSources(db, ctx);
  const catalogueYears = await catalogue.indicatorYears(db, ctx);
  const purchasing = await procurement.procurementStatisticsByYear(db, ctx);
  const obtained = aids.obtainedPerYear(await aids.obtainedAids(db, ctx));
  const register = await deliberations.searchRegister(db, ctx, { limit: REGISTER_LIMIT });
  const years = unionYears(chargingYears, catalogueYears, purchasing.map((p) => p.year), obtained.map((o) => o.year), register.map((d) => d.year));

  const services = new Map((await serviceNames(db, ctx)).map((s) => [s.id, { label: `${s.reference} — ${s.name}`, reference: s.reference }]));
  const names = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c.name]));
  // Each breakdown shows the year asked for, or else the latest year its own source has data for.
  const runYear = breakdownYearOf(chargingYears, asked);
  const run = runYear === null ? null : runOfYear(runs, runYear);
  const costsByYear = new Map<number, number[]>();
  for (const y of chargingYears) {
    const r = runOfYear(runs, y)!;
    costsByYear.set(y, [r.services.reduce((a, s) => a + s.totalCostCents, 0), r.services.reduce((a, s) => a + s.chargedCents, 0)]);
  }
  const shares = new Map<string, number>();
  if (run) for (const [collectivityId, byService] of (await charging.runTotals(db, ctx, run.id, charging.EVERYONE)).byParticipant) shares.set(collectivityId, [...byService.values()].reduce((a, v) => a + v, 0));

  const catalogueYear = breakdownYearOf(catalogueYears, asked);
  const indicators = catalogueYear !== null && catalogueYears.includes(catalogueYear) ? await catalogue.catalogueYearIndicators(db, ctx, catalogueYear) : null;
  const trained = new Map<number, number[]>();
  for (const y of catalogueYears) {
    if (asked !== null && y !== asked) continue;
    const i = y === indicators?.year ? indicators : await catalogue.catalogueYearIndicators(db, ctx, y);
    const sum = (key: string) => i.offers.reduce((a, o) => a + (o.figures.find((f) => f.key === key)?.value ?? 0), 0);
    trained.set(y, [sum('peopleTrained'), sum('meetingsHeld')]);
  }
  const figureOf = (o: NonNullable<typeof indicators>['offers'][number], key: string) => o.figures.find((f) => f.key === key)?.value ?? 0;
  const runLabel = (r: Run | null) => (r ? `calcul ${r.phase === 'final' ? 'définitif' : 'prévisionnel'} ${r.year} v${r.version}${r.status === 'validated' ? ', validé' : ', brouillon'}` : 'aucun calcul');

  const series: Series[] = [
    overYears({ key: 'couts-annees', title: 'Coûts des services communs par année', source: 'Refacturation', columns: [{ name: 'Coût total des services', kind: 'cents' }, { name: 'Montant réparti', kind: 'cents' }], note: 'Le calcul définitif de chaque année s’il existe, sinon le prévisionnel ; validé de préférence, dernière version.' }, costsByYear, asked),
    {
      key: 'couts-services',
      title: `Coûts par service commun (${runYear ?? '—'})`,
      source: 'Refacturation',
      categoryHeader: 'Service',
      columns: [{ name: 'Coût total', kind: 'cents' }, { name: 'Montant réparti', kind: 'cents' }],
      rows: (run?.services ?? []).map((s) => ({ category: services.get(s.serviceId)?.label ?? s.serviceId, short: services.get(s.serviceId)?.reference ?? s.serviceId, values: [s.totalCostCents, s.chargedCents] })),
      overYears: false,
      note: `Source : ${runLabel(run)}.`,
    },
    {
      key: 'parts-communes',
      title: `Parts réparties par collectivité (${runYear ?? '—'})`,
      source: 'Refacturation',
      categoryHeader: 'Collectivité',
      columns: [{ name: 'Montant réparti', kind: 'cents' }],
      rows: [...shares].sort(([a, x], [b, y]) => y - x || (names.get(a) ?? '').localeCompare(names.get(b) ?? '', 'fr')).map(([id, cents]) => ({ category: names.get(id) ?? id, values: [cents] })),
      overYears: false,
      note: `Somme des montants répartis à chaque collectivité, tous services confondus. Source : ${runLabel(run)}.`,
    },
    {
      key: 'adhesions',
      title: `Adhésions aux offres de services (${catalogueYear ?? '—'})`,
      source: 'Catalogue',
      categoryHeader: 'Offre',
      columns: [{ name: 'Communes adhérentes', kind: 'integer' }, { name: "Comptes d'accès", kind: 'integer' }],
      rows: (indicators?.offers ?? []).filter((o) => figureOf(o, 'subscribedCommunes') + figureOf(o, 'accounts') > 0).map((o) => ({ category: o.title, values: [figureOf(o, 'subscribedCommunes'), figureOf(o, 'accounts')] })),
      overYears: false,
      note: 'Les indicateurs du catalogue de l’année (communes adhérentes et comptes ouverts au 31 décembre).',
    },
    overYears({ key: 'formations', title: 'Formations et réunions par année', source: 'Catalogue', columns: [{ name: 'Personnes formées', kind: 'integer' }, { name: 'Réunions et événements tenus', kind: 'integer' }], note: 'Somme, sur toutes les offres, des personnes formées et des réunions de l’année.' }, trained, asked),
    overYears(
      {
        key: 'achats',
        title: 'Achats groupés par année',
        source: 'Commande publique',
        columns: [{ name: 'Groupements de commandes conclus', kind: 'integer' }, { name: 'Marchés issus des groupements', kind: 'integer' }, { name: 'Marchés notifiés', kind: 'integer' }, { name: 'Montant notifié (HT)', kind: 'cents' }],
        note: 'Un groupement compte l’année de sa convention constitutive ; un marché, l’année de sa notification.',
      },
      new Map(purchasing.map((p) => [p.year, [p.groupsConcluded.value, p.contractsFromGroups.value, p.contractsNotified.value, p.amountNotifiedCents]])),
      asked,
    ),
    overYears({ key: 'aides', title: 'Aides obtenues par année', source: 'Financements', columns: [{ name: 'Montant obtenu', kind: 'cents' }, { name: 'Aides obtenues', kind: 'integer' }], note: 'Les aides obtenues par les collectivités du territoire, par année de décision.' }, new Map(obtained.map((o) => [o.year, [o.totalCents, o.count]])), asked),
    overYears({ key: 'deliberations', title: 'Délibérations par année', source: 'Délibérations', columns: [{ name: 'Délibérations adoptées', kind: 'integer' }, { name: 'Délibérations publiées', kind: 'integer' }], note: 'Toutes les assemblées du territoire, par année de numérotation.' }, deliberationsByYear(register), asked),
  ];
  return { scope: 'territory', communeName: null, years, year: asked, series };
}

function deliberationsByYear(register: readonly { year: number; publishedOn: string | null }[]): Map<number, number[]> {
  const all = countByYear(register.map((d) => d.year));
  const published = countByYear(register.filter((d) => d.publishedOn !== null).map((d) => d.year));
  return new Map([...all].map(([y, n]) => [y, [n, published.get(y) ?? 0]]));
}

/** A commune's dashboard: only what concerns it (its charges, subscriptions, trainees, purchasing groups, aids, its council's deliberations). */
export async function communeDashboard(db: Database, ctx: TerritoryContext, collectivityId: string, asked: number | null, today: string): Promise<Dashboard> {
  const commune = (await territory.listCollectivities(db, ctx)).find((c) => c.id === collectivityId)!;
  const { runs, chargingYears } = await chargingSources(db, ctx);
  const viewer: charging.Viewer = { communeIds: [collectivityId] };
  const charges = new Map<number, Map<string, number>>();
  for (const y of chargingYears) {
    const byService = (await charging.runTotals(db, ctx, runOfYear(runs, y)!.id, viewer)).byParticipant.get(collectivityId);
    if (byService && byService.size > 0) charges.set(y, new Map(byService));
  }
  const portal = await catalogue.communePortal(db, ctx, collectivityId, today);
  const started = portal.subscriptions.filter((s) => s.subscription.status === 'approved' && s.subscription.startsOn !== null);
  const thisYear = yearOf(today);
  const subscriptionYears = unionYears(started.flatMap((s) => {
    const from = yearOf(s.subscription.startsOn!);
    const to = Math.min(thisYear, s.subscription.endsOn ? yearOf(s.subscription.endsOn) : thisYear);
    return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  }));
  const trainees = new Map<number, number>();
  for (const t of portal.trainings) trainees.set(yearOf(t.session.heldOn), (trainees.get(yearOf(t.session.heldOn)) ?? 0) + t.trainees.length);
  const groups = new Map<number, number>();
  for (const p of await procurement.procurementStatisticsByYear(db, ctx)) {
    const n = p.partnerEntities.rows.find((e) => e.id === collectivityId)?.groups ?? 0;
    if (n > 0) groups.set(p.year, n);
  }
  const obtained = aids.obtainedPerYear((await aids.obtainedAids(db, ctx)).filter((r) => r.collectivityId === collectivityId));
  const councils = (await assemblies.listBodies(db, ctx)).filter((b) => b.communeId === collectivityId);
  const register = [];
  for (const b of councils) register.push(...(await deliberations.searchRegister(db, ctx, { bodyId: b.id, limit: REGISTER_LIMIT })));

  const years = unionYears([...charges.keys()], subscriptionYears, [...trainees.keys()], [...groups.keys()], obtained.map((o) => o.year), register.map((d) => d.year));
  const services = new Map((await serviceNames(db, ctx)).map((s) => [s.id, { label: `${s.reference} — ${s.name}`, reference: s.reference }]));
  const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, v) => a + v, 0);
  const chargesYear = breakdownYearOf([...charges.keys()], asked);
  const ofYear = chargesYear === null ? undefined : charges.get(chargesYear);
  const series: Series[] = [
    overYears({ key: 'charges-annees', title: 'Charges de la commune par année', source: 'Refacturation', columns: [{ name: 'Montant réparti à la commune', kind: 'cents' }], note: 'Le calcul définitif de chaque année s’il existe, sinon le prévisionnel.' }, new Map([...charges].map(([y, m]) => [y, [sum(m)]])), asked),
    {
      key: 'charges-services',
      title: `Charges de la commune par service (${chargesYear ?? '—'})`,
      source: 'Refacturation',
      categoryHeader: 'Service',
      columns: [{ name: 'Montant réparti', kind: 'cents' }],
      rows: [...(ofYear ?? new Map<string, number>())].sort(([, a], [, b]) => b - a).map(([id, cents]) => ({ category: services.get(id)?.label ?? id, short: services.get(id)?.reference ?? id, values: [cents] })),
      overYears: false,
      note: 'La part de la commune dans chaque service commun.',
    },
    overYears(
      { key: 'adhesions', title: 'Adhésions de la commune par année', source: 'Catalogue', columns: [{ name: 'Offres souscrites', kind: 'integer' }], note: 'Les adhésions en cours pendant une partie au moins de l’année.' },
      new Map(subscriptionYears.map((y) => [y, [started.filter((s) => activeInYear(s.subscription.startsOn!, s.subscription.endsOn, y)).length]])),
      asked,
    ),
    overYears({ key: 'formations', title: 'Agents de la commune formés par année', source: 'Catalogue', columns: [{ name: 'Participations aux formations', kind: 'integer' }], note: 'Les inscriptions de personnes de la commune aux sessions de formation de l’année.' }, new Map([...trainees].map(([y, n]) => [y, [n]])), asked),
    overYears({ key: 'achats', title: 'Groupements de commandes rejoints par année', source: 'Commande publique', columns: [{ name: 'Groupements rejoints', kind: 'integer' }], note: 'Les groupements conclus dans l’année dont la commune est membre.' }, new Map([...groups].map(([y, n]) => [y, [n]])), asked),
    overYears({ key: 'aides', title: 'Aides obtenues par la commune', source: 'Financements', columns: [{ name: 'Montant obtenu', kind: 'cents' }, { name: 'Aides obtenues', kind: 'integer' }], note: 'Par année de décision.' }, new Map(obtained.map((o) => [o.year, [o.totalCents, o.count]])), asked),
    overYears({ key: 'deliberations', title: 'Délibérations du conseil municipal', source: 'Délibérations', columns: [{ name: 'Délibérations adoptées', kind: 'integer' }, { name: 'Délibérations publiées', kind: 'integer' }], note: councils.length === 0 ? 'Le conseil de la commune n’est pas tenu dans Mutualis.' : 'Par année de numérotation.' }, deliberationsByYear(register), asked),
  ];
  return { scope: 'commune', communeName: commune.name, years, year: asked, series };
}
