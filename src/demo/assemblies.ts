import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { Cents, splitCents } from '../platform/money.ts';
import { parisToday } from '../platform/clock.ts';
import * as territory from '../territory/service.ts';
import * as assemblies from '../assemblies/service.ts';
import { recordRollCall, openSitting, closeSitting, recordVote } from '../assemblies/live-service.ts';
import { EXCUSED, PRESENT, PRESIDENT, PROXIES, SECRETARY } from './assemblies-register.ts';

export const DEMO_COUNCIL = 'Conseil métropolitain';
export const DEMO_SITTING_DATE = '2020-01-27';
export const DEMO_ITEM_TITLE = "Rapport d'avancement du schéma de mutualisation - 2020";
/** Mandates of the council before the 2020 renewal (illustrative dates: the reference gives none). */
const MANDATE_FROM = '2018-01-01';
const MANDATE_TO = '2020-07-09';

const NOTE =
  'Composition au 27 janvier 2020 d’après l’extrait du registre des délibérations n° 2020.00079. ' +
  'Illustratif : la commune que représente chaque élu, les dates des mandats, l’heure et le lieu de la séance, la date des pouvoirs (le document de référence ne les donne pas).';

/** Known to head their commune's list: the president (Saint-Étienne), and the mayors of Saint-Chamond and Firminy. */
const KNOWN: Readonly<Record<string, string>> = { 'M.|Gaël|PERDRIAU': '42218', 'M.|Hervé|REYNAUD': '42207', 'M.|Marc|PETIT': '42095' };

/**
 * Illustrative seats: one per commune, the rest in proportion to the population (largest remainders, as
 * splitCents divides an integer exactly), then members dealt in the register's order.
 */
async function communesOf(db: Database, ctx: TerritoryContext, names: readonly string[]): Promise<Map<string, string>> {
  // The official data's memberships start at its edition: today's communes stand for 2020's (the same 53).
  const communes = await territory.listCommunes(db, ctx, { on: parisToday(), sort: 'insee' });
  const extra = splitCents(Cents.of(names.length - communes.length), communes.map((c) => ({ key: c.inseeCode!, weight: c.population ?? 0 })));
  const free = new Map(communes.map((c) => [c.inseeCode!, 1 + (extra.get(c.inseeCode!) ?? 0)]));
  const result = new Map<string, string>();
  for (const [name, insee] of Object.entries(KNOWN)) {
    result.set(name, insee);
    free.set(insee, free.get(insee)! - 1);
  }
  const queue = [...free.entries()].flatMap(([insee, n]) => Array.from({ length: n }, () => insee));
  for (const name of [...names].sort()) if (!result.has(name)) result.set(name, queue.shift()!);
  return result;
}

/** The conseil métropolitain, its 112 members in office, and the sitting of 27 January 2020 noting the progress report. */
export async function loadAssembliesDemo(db: Database, ctx: TerritoryContext): Promise<void> {
  const givers = PROXIES.map(([giver]) => giver);
  const everyone = [...PRESENT, ...givers, ...EXCUSED];
  const communes = await communesOf(db, ctx, everyone);
  const body = await assemblies.createBody(db, ctx, { kind: 'epciCouncil', name: DEMO_COUNCIL, seats: everyone.length, note: NOTE }, parisToday());
  const mandates = await assemblies.addMandates(
    db,
    ctx,
    body.id,
    everyone.map((name) => {
      const [civility, firstName, lastName] = name.split('|') as [string, string, string];
      return { civility, firstName, lastName, communeInsee: communes.get(name)!, role: name === PRESIDENT ? 'president' : 'councillor', seat: 'titular', validFrom: MANDATE_FROM, validTo: MANDATE_TO };
    }),
  );
  const idOf = new Map(everyone.map((name, i) => [name, mandates[i]!.memberId]));
  const sitting = await assemblies.createSitting(db, ctx, { bodyId: body.id, date: DEMO_SITTING_DATE, time: '18:00', place: 'Saint-Étienne, hôtel de Métropole', convokedOn: '2020-01-14' });
  const item = await assemblies.addAgendaItem(db, ctx, sitting.id, {
    title: DEMO_ITEM_TITLE,
    kind: 'takesNote',
    rapporteurId: idOf.get(PRESIDENT)!,
    report: 'L’avancement du schéma de mutualisation 2020 a fait l’objet d’un rapport détaillé ci-joint.',
  });
  await recordRollCall(db, ctx, sitting.id, {
    present: PRESENT.map((n) => idOf.get(n)!),
    excused: EXCUSED.map((n) => idOf.get(n)!),
    proxies: PROXIES.map(([giver, holder]) => ({ giverId: idOf.get(giver)!, holderId: idOf.get(holder)!, writtenOn: DEMO_SITTING_DATE })),
  });
  await openSitting(db, ctx, sitting.id, { presidentId: idOf.get(PRESIDENT)!, secretaryId: idOf.get(SECRETARY)! });
  await recordVote(db, ctx, item.id, { noted: true });
  await closeSitting(db, ctx, sitting.id);
}
