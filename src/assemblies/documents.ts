import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { formatLongDate } from '../platform/format.ts';
import { fileSlug, renderPdf, templatePath } from '../platform/documents/index.ts';
import { parisToday } from '../platform/clock.ts';
import * as territory from '../territory/service.ts';
import { sittingOverview } from './live-service.ts';
import { sittingWhen } from './components.tsx';

export interface SheetFile {
  readonly filename: string;
  readonly type: 'pdf';
  readonly bytes: Uint8Array;
}

const PRESENCE_TEXT: Record<string, string> = { present: 'présent', substituted: 'suppléé', represented: 'représenté', excused: 'excusé', absent: '', withdrawn: 'présent' };

/**
 * The attendance sheet of a sitting: the members in office in the order of the register, the commune each
 * represents, how they attended the first item (once the roll call is recorded), and a box for the signature.
 */
export async function attendanceSheet(db: Database, ctx: TerritoryContext, territoryName: string, sittingId: string): Promise<SheetFile> {
  const overview = await sittingOverview(db, ctx, sittingId);
  const { state } = overview;
  const communes = new Map((await territory.listCollectivities(db, ctx)).map((c) => [c.id, c.name]));
  const first = overview.items[0] ?? overview.live;
  const states = new Map<string, string>();
  if (first) {
    for (const m of first.present) states.set(m.substituteFor?.id ?? m.id, m.substituteFor ? `suppléé par ${m.name}` : 'présent');
    for (const p of first.proxies) states.set(p.giver.id, `pouvoir à ${p.holder.name}`);
    for (const m of first.excused) states.set(m.id, PRESENCE_TEXT.excused!);
  }
  const rows = state.titular.map((mandate, i) => {
    const m = state.members.get(mandate.memberId)!;
    return [String(i + 1), `${m.civility} ${m.firstName} ${m.lastName.toLocaleUpperCase('fr-FR')}`, mandate.communeId ? (communes.get(mandate.communeId) ?? '') : '', states.get(m.id) ?? '', ''];
  });
  const s = state.sitting;
  const date = s.status === 'planned' ? parisToday() : s.date;
  const facts = [
    `Séance du ${sittingWhen(s.date, s.startsAt)}, ${s.place}${s.convocation === 'second' ? ' (seconde convocation)' : ''}.`,
    `Convocation envoyée le ${formatLongDate(s.convokedOn)}${overview.convocation ? ` : ${overview.convocation.text}` : ''}.`,
    `Membres en exercice : ${rows.length}${first && state.facts.movements.length > 0 ? ` ; au premier point : ${first.counts.present} présents, ${first.counts.represented} pouvoirs, ${first.counts.votingPower} voix${first.quorum ? ` (quorum : ${first.quorum.text})` : ''}` : ''}.`,
  ];
  const bytes = await renderPdf(
    templatePath(import.meta.url, 'attendance-sheet.typ'),
    {
      territoryName,
      title: "Feuille d'émargement",
      subtitle: `${state.body.name} — ${formatLongDate(s.date)}`,
      dateText: `édité le ${formatLongDate(date)}`,
      facts,
      headers: ['N°', 'Membre', 'Commune représentée', 'Présence', 'Signature'],
      rows,
      footnote: 'Présence au premier point de l’ordre du jour ; les arrivées, départs et pouvoirs en cours de séance figurent pour chaque point sur la page de la séance. Ordre du registre.',
    },
    { date },
  );
  return { filename: `emargement-${fileSlug(state.body.name)}-${s.date}.pdf`, type: 'pdf', bytes };
}
