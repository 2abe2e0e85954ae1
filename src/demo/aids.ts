import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { parisToday } from '../platform/clock.ts';
import { findOfficialEpci } from '../territory/official-data.ts';
import * as territory from '../territory/service.ts';
import * as aids from '../aids/service.ts';
import type { RawScheme } from '../aids/scheme-input.ts';
import { DEMO_SCHEMES } from './aids-schemes.ts';

/** A date some days from the demo's load: the demo's calls stay open whenever it is loaded. */
function inDays(today: string, days: number): string {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// Illustrative: a density level from the population (the real grid is INSEE's file, imported per commune).
function densityOf(population: number, insee: string): number {
  if (insee === '42218') return 1;
  if (population >= 10_000) return 2;
  if (population >= 6_000) return 3;
  if (population >= 3_500) return 4;
  if (population >= 1_500) return 5;
  return population >= 400 ? 6 : 7;
}

// Illustrative potentiel financier per inhabitant (euros), spread between 780 and 1 420 €.
function fiscalPotentialOf(insee: string, population: number): string {
  const spread = (Number(insee.slice(2)) * 37) % 640;
  return `${780 + spread + (population > 20_000 ? 180 : 0)},${String((Number(insee) * 7) % 100).padStart(2, '0')}`;
}

/** The 2018 and 2019 WiFi4EU laureates of the reference document (rapport 2020, V.2). */
const WIFI4EU_LAUREATES: readonly { insee: string; year: string }[] = [
  { insee: '42097', year: '2018' }, // La Fouillouse
  { insee: '42044', year: '2018' }, // Le Chambon-Feugerolles
  { insee: '42103', year: '2018' }, // La Grand-Croix
  { insee: '42305', year: '2019' }, // La Talaudière
  { insee: '42189', year: '2019' }, // Roche-la-Molière
  { insee: '42053', year: '2019' }, // Châteauneuf
  { insee: '42237', year: '2019' }, // Saint-Jean-Bonnefonds
];

/**
 * The guide of financial aids of the reference document (rapport 2020, V.2): national, regional and
 * departmental schemes and the Métropole's own fonds de concours, with the communes' facts the criteria read
 * and the WiFi4EU laureates as obtained aids. Rates, thresholds, deadlines and facts are illustrative.
 */
export async function loadAidsDemo(db: Database, ctx: TerritoryContext): Promise<void> {
  const today = parisToday();
  const epci = findOfficialEpci('244200770');
  if (!('found' in epci)) throw new Error('Saint-Étienne Métropole absente des données officielles.');
  const year = Number(today.slice(0, 4));
  const lines = epci.found.membres.map((m) => `${m.code};${year - 1};${densityOf(m.populationMunicipale, m.code)};${fiscalPotentialOf(m.code, m.populationMunicipale)}`);
  await aids.importCommuneFacts(db, ctx, new TextEncoder().encode(`code_insee;annee;niveau_densite;potentiel_financier\n${lines.join('\n')}\n`), today);

  const raws: RawScheme[] = DEMO_SCHEMES.map((s) => ({
    ...s,
    deadline: s.deadlineInDays === undefined ? (s.deadline ?? null) : inDays(today, s.deadlineInDays),
    startDate: s.startDate ?? null,
  }));
  const schemes = await aids.createSchemes(db, ctx, raws, today);
  const byName = (prefix: string) => schemes.find((s) => s.name.startsWith(prefix))!;

  const communes = new Map((await territory.listCommunes(db, ctx, { on: today })).map((c) => [c.inseeCode!, c.id]));
  const wifi = byName('WiFi4EU').id;
  const records: aids.ProjectRecord[] = WIFI4EU_LAUREATES.map((laureate) => ({
    collectivityId: communes.get(laureate.insee)!,
    project: {
      title: `Wifi public gratuit dans les lieux publics (WiFi4EU ${laureate.year})`,
      projectType: 'digital',
      stage: 'use',
      spendingKind: 'investment',
      estimatedCost: '18 000',
      description: `Lauréate de l'appel WiFi4EU ${laureate.year} (rapport d'avancement 2020). Coût de l'installation illustratif.`,
    },
    fundings: [{ schemeId: wifi, status: 'obtained', obtained: '15 000', decidedOn: laureate.year, note: 'Coupon WiFi4EU de 15 000 €.' }],
  }));
  const last = year - 1;
  records.push(
    // A fonds de concours granted on two concordant deliberations, after a DSIL grant (illustrative references).
    {
      collectivityId: communes.get('42305')!,
      project: { title: 'Rénovation énergétique de la salle polyvalente', projectType: 'energyRenovation', stage: 'implementation', spendingKind: 'investment', estimatedCost: '420 000', description: 'Isolation, menuiseries et pompe à chaleur (montants illustratifs).' },
      fundings: [
        { schemeId: byName('DSIL').id, status: 'obtained', obtained: '126 000', decidedOn: `${last}-06-12` },
        {
          schemeId: byName('Fonds de concours de Saint-Étienne Métropole — investissement').id,
          status: 'obtained',
          obtained: '80 000',
          epciBody: 'Bureau métropolitain',
          epciDate: `${last}-09-21`,
          epciReference: `B-${last}-214`,
          communeBody: 'Conseil municipal de La Talaudière',
          communeDate: `${last}-10-03`,
          communeReference: `DCM-${last}-058`,
        },
      ],
    },
    // Saint-Chamond (the demo's commune user) prepares a school renovation.
    {
      collectivityId: communes.get('42207')!,
      project: { title: 'Rénovation énergétique du groupe scolaire Lamartine', projectType: 'schools', stage: 'reflection', spendingKind: 'investment', estimatedCost: '1 250 000', description: 'Étude de programmation en cours (montants illustratifs).' },
      fundings: [
        { schemeId: byName('Fonds vert — Rénovation énergétique des bâtiments publics').id, status: 'applied', requested: '375 000' },
        { schemeId: byName('DSIL').id, status: 'toStudy' },
      ],
    },
    {
      collectivityId: communes.get('42095')!,
      project: { title: 'Requalification de la rue Jean-Jaurès', projectType: 'roads', stage: 'implementation', spendingKind: 'investment', estimatedCost: '640 000', description: 'Montants illustratifs.' },
      fundings: [{ schemeId: byName('Département de la Loire — Voirie communale').id, status: 'refused', decidedOn: `${last}-11`, note: 'Enveloppe cantonale épuisée (illustratif).' }],
    },
  );
  await aids.recordProjects(db, ctx, records, true);
}
