// What a sitting and a year give to print: the minutes (procès-verbal), the list of deliberations of a sitting,
// the register of a year, and the SCDL open-data file of the year's published deliberations.
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { formatDate, formatInstant, formatLongDate } from '../platform/format.ts';
import { fileSlug, makeTable, renderPdf, tableForTypst, templatePath } from '../platform/documents/index.ts';
import { UserError } from '../platform/http/errors.ts';
import * as assemblies from '../assemblies/service.ts';
import * as territory from '../territory/service.ts';
import { actesDepartment, matterLabel, matterText, OUTCOME_LABELS } from './model.ts';
import { deliberatingCollectivity, sittingDeliberations, yearDeliberations, type Deliberation } from './service.ts';
import { SCDL_COLUMNS, scdlRow } from './scdl.ts';

export interface PrintedFile {
  readonly filename: string;
  readonly bytes: Uint8Array;
}

interface Section {
  heading: string;
  labelled: [string, string][];
  paragraphs: string[];
}

const names = (list: readonly { name: string }[]) => (list.length > 0 ? list.map((m) => m.name).join(', ') : 'aucun');

async function printRegister(data: { collectivity: string; title: string; subtitle: string; dateText: string; facts: string[]; table: unknown; sections: Section[]; signatures: [string, string][]; note: string | null }, date: string): Promise<Uint8Array> {
  return renderPdf(templatePath(import.meta.url, 'registers.typ'), data, { date });
}

/**
 * The minutes of a sitting with the contents required since 1 July 2022 (CGCT L2121-15, ordonnance 2021-1310):
 * date and time, president, members present or represented, secretary, quorum, agenda, the deliberations and
 * the reports they were adopted on, the results of the votes, and the substance of the debates.
 */
export async function minutesPdf(db: Database, ctx: TerritoryContext, sittingId: string): Promise<PrintedFile> {
  const overview = await assemblies.sittingOverview(db, ctx, sittingId);
  const { state } = overview;
  const s = state.sitting;
  const byItem = new Map((await sittingDeliberations(db, ctx, sittingId)).map((d) => [d.itemId, d]));
  const collectivity = await deliberatingCollectivity(db, ctx, state.body.id);
  const first = overview.items[0];
  const member = (id: string | null) => (id ? (state.members.get(id) ? `${state.members.get(id)!.civility} ${state.members.get(id)!.firstName} ${state.members.get(id)!.lastName.toLocaleUpperCase('fr-FR')}` : '') : '—');
  const facts = [
    `Séance du ${formatInstant(s.startsAt).replace(/:\d\d$/, '')}, ${s.place}${s.convocation === 'second' ? ' (seconde convocation, sans condition de quorum)' : ''}.`,
    `Convocation du ${formatLongDate(s.convokedOn)}.`,
    `Présidence : ${member(s.presidentId)}. Secrétaire de séance : ${member(s.secretaryId)}.`,
    `Membres en exercice : ${state.titular.length}.${first ? ` À l’ouverture : ${first.counts.present} présents, ${first.counts.represented} représentés, ${first.counts.votingPower} voix${first.quorum ? ` ; quorum : ${first.quorum.text}` : ''}.` : ''}`,
  ];
  const sections: Section[] = [];
  if (first) {
    sections.push({
      heading: 'Membres présents ou représentés',
      labelled: [
        ['Présents :', names(first.present)],
        ['Représentés :', first.proxies.length > 0 ? first.proxies.map((p) => `${p.giver.name} (pouvoir à ${p.holder.name})`).join(', ') : 'aucun'],
        ['Excusés :', names(first.excused)],
        ['Absents :', names(first.absent)],
      ],
      paragraphs: [],
    });
  }
  sections.push({ heading: 'Ordre du jour', labelled: [], paragraphs: overview.items.map((i) => `${i.position}. ${i.title}`) });
  for (const item of overview.items) {
    const d = byItem.get(item.itemId);
    const stateItem = state.items.find((i) => i.id === item.itemId);
    sections.push({
      heading: `Point ${item.position} — ${item.title}`,
      labelled: [
        ['Rapporteur :', member(stateItem?.rapporteurId ?? null)],
        ['Présence :', `${item.counts.present} présents, ${item.counts.represented} représentés, ${item.counts.votingPower} voix${item.withdrawn.length > 0 ? ` ; ne prennent pas part : ${names(item.withdrawn)}` : ''}`],
        ['Quorum :', item.quorum?.text ?? '—'],
        ['Résultat :', item.vote ? item.vote.resultText : 'non délibéré'],
        ['Délibération :', d ? `n° ${d.number} (${matterText(d.matterCode)})` : '—'],
      ],
      paragraphs: [
        ...(stateItem?.report ? [`Rapport : ${stateItem.report}`] : []),
        ...(d ? [d.recitals, d.decision].filter((p) => p.length > 0) : []),
        `Teneur des débats : ${d?.debates ?? 'aucune intervention consignée.'}`,
      ],
    });
  }
  const bytes = await printRegister(
    {
      collectivity: collectivity.name,
      title: `Procès-verbal de la séance du ${formatLongDate(s.date)}`,
      subtitle: state.body.name,
      dateText: `séance du ${formatDate(s.date)}`,
      facts,
      table: null,
      sections,
      signatures: [
        ['Le président de séance', member(s.presidentId)],
        ['Le secrétaire de séance', member(s.secretaryId)],
      ],
      note: 'Procès-verbal établi selon l’article L2121-15 du CGCT (ordonnance n° 2021-1310 du 7 octobre 2021) : arrêté au commencement de la séance suivante, signé par le président et le ou les secrétaires, publié sous forme électronique dans la semaine qui suit.',
    },
    s.date,
  );
  return { filename: `proces-verbal-${fileSlug(state.body.name)}-${s.date}.pdf`, bytes };
}

/** The list of the deliberations examined at a sitting, displayed and put online within a week (CGCT L2121-25). */
export async function deliberationListPdf(db: Database, ctx: TerritoryContext, sittingId: string): Promise<PrintedFile> {
  const overview = await assemblies.sittingOverview(db, ctx, sittingId);
  const s = overview.state.sitting;
  const list = await sittingDeliberations(db, ctx, sittingId);
  const collectivity = await deliberatingCollectivity(db, ctx, overview.state.body.id);
  const table = makeTable<Deliberation>(
    'Délibérations',
    [
      { header: 'N°', kind: 'text', width: 'auto', value: (d) => d.number },
      { header: 'Objet', kind: 'text', value: (d) => d.title },
      { header: 'Matière', kind: 'text', width: 'auto', value: (d) => `${d.matterCode} ${matterLabel(d.matterCode) ?? ''}` },
      { header: 'Décision', kind: 'text', width: 'auto', value: (d) => OUTCOME_LABELS[d.outcome] },
    ],
    list,
  );
  const bytes = await printRegister(
    {
      collectivity: collectivity.name,
      title: `Liste des délibérations de la séance du ${formatLongDate(s.date)}`,
      subtitle: overview.state.body.name,
      dateText: `séance du ${formatDate(s.date)}`,
      facts: [`${list.length} délibération${list.length > 1 ? 's' : ''} examinée${list.length > 1 ? 's' : ''}.`],
      table: tableForTypst(table),
      sections: [],
      signatures: [],
      note: 'Liste affichée et mise en ligne dans un délai d’une semaine après la séance (CGCT L2121-25, ordonnance n° 2021-1310).',
    },
    s.date,
  );
  return { filename: `liste-deliberations-${fileSlug(overview.state.body.name)}-${s.date}.pdf`, bytes };
}

/** The register of a year: every deliberation in the order of its number, with its texts and its legality dates. */
export async function yearRegisterPdf(db: Database, ctx: TerritoryContext, year: number, territoryName: string): Promise<PrintedFile> {
  const list = await yearDeliberations(db, ctx, year);
  const bodies = new Map((await assemblies.listBodies(db, ctx)).map((b) => [b.id, b.name]));
  const sections: Section[] = list.map((d) => ({
    heading: `N° ${d.number} — ${d.title}`,
    labelled: [
      ['Assemblée :', `${bodies.get(d.bodyId) ?? ''}, séance du ${formatLongDate(d.adoptedOn)}`],
      ['Matière :', matterText(d.matterCode)],
      ['Décision :', OUTCOME_LABELS[d.outcome]],
      ['Préfecture :', d.transmittedOn ? `transmise le ${formatDate(d.transmittedOn)}${d.acknowledgedOn ? `, reçue le ${formatDate(d.acknowledgedOn)}` : ''}${d.actesId ? ` (${d.actesId})` : ''}` : 'non transmise'],
      ['Publication :', d.publishedOn ? `le ${formatDate(d.publishedOn)}${d.enforceableOn ? ` ; exécutoire le ${formatDate(d.enforceableOn)}` : ''}` : 'non publiée'],
    ],
    paragraphs: [d.recitals, d.decision].filter((p) => p.length > 0),
  }));
  const bytes = await printRegister(
    {
      collectivity: territoryName,
      title: `Registre des délibérations ${year}`,
      subtitle: `${list.length} délibération${list.length > 1 ? 's' : ''}${list.length > 0 ? `, n° ${list[0]!.number} à ${list.at(-1)!.number}` : ''}`,
      dateText: `registre ${year}`,
      facts: [],
      table: null,
      sections,
      signatures: [],
      note: null,
    },
    list.at(-1)?.adoptedOn ?? `${year}-12-31`,
  );
  return { filename: `registre-deliberations-${year}.pdf`, bytes };
}

/** The year's published deliberations in the SCDL format (schema scdl/deliberations 2.1): CSV, comma, UTF-8. */
export async function scdlCsv(db: Database, ctx: TerritoryContext, year: number, options: { publicUrl?: string | undefined } = {}): Promise<PrintedFile & { rows: number }> {
  const list = (await yearDeliberations(db, ctx, year)).filter((d) => d.publishedOn !== null);
  const collectivities = await territory.listCollectivities(db, ctx);
  const rows: string[][] = [];
  for (const d of list) {
    const collectivity = await deliberatingCollectivity(db, ctx, d.bodyId);
    if (!collectivity.siret) throw new UserError(`${collectivity.name} n’a pas de SIRET : renseignez-le (page des collectivités) avant l’export SCDL, dont la colonne COLL_SIRET est obligatoire.`, 409, 'siret');
    const attendance = await assemblies.itemAttendance(db, ctx, d.itemId);
    rows.push(
      scdlRow({
        collectivityName: collectivity.name,
        siret: collectivity.siret,
        deliberation: d,
        prefecture: d.acknowledgedOn && collectivity.departmentCode ? actesDepartment(collectivity.departmentCode) : null,
        vote: { inOffice: attendance.counts.inOffice, votingPower: attendance.counts.votingPower, ...(attendance.vote?.counts ?? { for: 0, against: 0, abstain: 0 }) },
        url: options.publicUrl ? `${options.publicUrl.replace(/\/$/, '')}/t/${collectivities.find((c) => c.kind === 'epci')?.siren ?? ''}/publication#${encodeURIComponent(d.number)}` : null,
      }),
    );
  }
  const text = stringify([[...SCDL_COLUMNS], ...rows], { delimiter: ',', record_delimiter: '\n' });
  return { filename: `deliberations-${year}.csv`, bytes: new TextEncoder().encode(text), rows: rows.length };
}
