// The extract of the register of deliberations (extrait du registre des délibérations): its blocks in the
// reference's order, formatted here once, then typeset (Typst PDF) or written as an editable Word file.
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { formatLongDate } from '../platform/format.ts';
import { FONT_FAMILY, renderPdf, templatePath } from '../platform/documents/index.ts';
import { deliberationDetail, type DeliberationDetail } from './service.ts';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "04 février 2020": the day on two digits, as the préfecture's stamp prints it. */
export function stampDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d} ${MONTHS[Number(m) - 1]} ${y}`;
}

/** The register's headings: capitals without accents ("SEANCE DU CONSEIL METROPOLITAIN"), as the reference prints them. */
export function registerCaps(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleUpperCase('fr-FR')
    .replace(/[’]/g, "'");
}

export interface ExtractData {
  readonly collectivity: string;
  readonly heading: string;
  readonly sittingLine: string;
  readonly numberLine: string;
  readonly title: string;
  readonly convocation: string;
  readonly counts: readonly (readonly [string, string])[];
  readonly presentLabel: string;
  readonly present: string;
  readonly proxiesLabel: string;
  readonly proxies: readonly string[];
  readonly excusedLabel: string;
  readonly excused: string;
  readonly absentLabel: string;
  readonly absent: string;
  readonly secretaryLabel: string;
  readonly secretary: string;
  readonly textHeading: readonly string[];
  readonly paragraphs: readonly string[];
  readonly signature: readonly string[];
  readonly receipt: readonly string[] | null;
  readonly annexes: readonly string[];
}

/** Names joined as the register prints them: "M. Gilles ARTIGUES, Mme Nicole AUBOURDY, …". */
const names = (list: readonly { name: string }[]) => list.map((m) => m.name).join(', ');

export function extractData(detail: DeliberationDetail): ExtractData {
  const { deliberation: d, attendance: a, collectivity } = detail;
  const sittingOf = `${registerCaps(a.bodyName)} DU ${registerCaps(formatLongDate(a.sittingDate))}`;
  const president = a.president;
  const female = president?.civility === 'Mme';
  const paragraphs = [d.recitals, d.decision].filter((p) => p.length > 0);
  if (a.vote && a.vote.result !== 'noted') paragraphs.push(`${a.vote.resultText}.`);
  return {
    collectivity: collectivity.name,
    heading: 'EXTRAIT DU REGISTRE DES DELIBERATIONS',
    sittingLine: `SEANCE DU ${sittingOf}`,
    numberLine: `DELIBERATION N°${d.number}`,
    title: registerCaps(d.title),
    convocation: /^(commission|assembl)/i.test(a.bodyName) ? `La ${a.bodyName} a été convoquée le ${formatLongDate(a.convokedOn)}` : `Le ${a.bodyName} a été convoqué le ${formatLongDate(a.convokedOn)}`,
    counts: [
      ['Nombre de membres en exercice', String(a.counts.inOffice)],
      ['Nombre de présents', String(a.counts.present)],
      ['Nombre de pouvoirs', String(a.counts.represented)],
      ['Nombre de voix', String(a.counts.votingPower)],
    ],
    presentLabel: 'Membres titulaires présents :',
    present: a.present.map((m) => (m.substituteFor ? `${m.name} (suppléant de ${m.substituteFor.name})` : m.name)).join(', '),
    proxiesLabel: 'Pouvoirs :',
    proxies: a.proxies.map((p, i) => `${p.giver.name} donne pouvoir à ${p.holder.name}${i < a.proxies.length - 1 ? ',' : ''}`),
    excusedLabel: 'Membres titulaires absents excusés :',
    excused: names(a.excused),
    absentLabel: 'Membres titulaires absents :',
    absent: names(a.absent),
    secretaryLabel: 'Secrétaire de Séance :',
    secretary: a.secretary?.name ?? '—',
    textHeading: [`DELIBERATION DU ${sittingOf}`, registerCaps(d.title)],
    paragraphs,
    signature: ['Pour extrait,', female ? 'La Présidente,' : 'Le Président,', president ? `${president.firstName} ${president.lastName.toLocaleUpperCase('fr-FR')}` : ''],
    receipt:
      d.acknowledgedOn || d.transmittedOn
        ? [
            d.acknowledgedOn ? 'RECU EN PREFECTURE' : 'TRANSMIS EN PREFECTURE',
            `Le ${stampDate(d.acknowledgedOn ?? d.transmittedOn!)}`,
            ...(d.transmissionChannel ? [`VIA ${d.transmissionChannel}`] : []),
            ...(d.actesId ? [d.actesId] : []),
            ...(d.enforceableOn ? [`DATE D'APPLICATION : ${stampDate(d.enforceableOn)}`] : []),
          ]
        : null,
    annexes: detail.annexes.map((x) => `Annexe ${x.position} : ${x.title}`),
  };
}

export async function extractPdf(db: Database, ctx: TerritoryContext, deliberationId: string): Promise<{ filename: string; bytes: Uint8Array }> {
  const detail = await deliberationDetail(db, ctx, deliberationId);
  const data = extractData(detail);
  const d = detail.deliberation;
  const bytes = await renderPdf(templatePath(import.meta.url, 'extract.typ'), { ...data, dateText: `délibération n° ${d.number}` }, { date: d.enforceableOn ?? d.acknowledgedOn ?? d.adoptedOn });
  return { filename: `extrait-deliberation-${d.number.replace(/[^A-Za-z0-9]+/g, '-')}.pdf`, bytes };
}

/** The same extract as an editable Word file, for a secretariat that amends the layout before signing. */
export async function extractDocx(db: Database, ctx: TerritoryContext, deliberationId: string): Promise<{ filename: string; bytes: Uint8Array }> {
  const detail = await deliberationDetail(db, ctx, deliberationId);
  const x = extractData(detail);
  const p = (text: string, options: { bold?: boolean; center?: boolean; before?: number } = {}) =>
    new Paragraph({ alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT, spacing: { before: options.before ?? 0, after: 80 }, children: [new TextRun({ text, bold: options.bold ?? false })] });
  const children = [
    p(x.collectivity, { bold: true }),
    p(x.heading, { bold: true, center: true, before: 240 }),
    p(x.sittingLine, { bold: true, center: true }),
    p(x.numberLine, { bold: true, center: true }),
    p(x.title, { bold: true, center: true, before: 120 }),
    p(x.convocation, { before: 240 }),
    ...x.counts.map(([label, value]) => p(`${label} : ${value}`)),
    p(x.presentLabel, { bold: true, before: 160 }),
    p(x.present),
    ...(x.proxies.length > 0 ? [p(x.proxiesLabel, { bold: true, before: 160 }), ...x.proxies.map((line) => p(line))] : []),
    ...(x.excused ? [p(x.excusedLabel, { bold: true, before: 160 }), p(x.excused)] : []),
    ...(x.absent ? [p(x.absentLabel, { bold: true, before: 160 }), p(x.absent)] : []),
    p(x.secretaryLabel, { bold: true, before: 160 }),
    p(x.secretary),
    ...x.textHeading.map((line, i) => p(line, { bold: true, before: i === 0 ? 240 : 0 })),
    ...x.paragraphs.map((line) => p(line, { before: 120 })),
    ...x.annexes.map((line) => p(line)),
    ...x.signature.map((line, i) => p(line, { bold: i < 2, before: i === 0 ? 240 : i === 2 ? 480 : 0 })),
    ...(x.receipt ? x.receipt.map((line, i) => p(line, { bold: i === 0, before: i === 0 ? 360 : 0 })) : []),
  ];
  const document = new Document({ creator: 'Mutualis', title: x.numberLine, styles: { default: { document: { run: { font: FONT_FAMILY, size: 21 } } } }, sections: [{ children }] });
  return { filename: `extrait-deliberation-${detail.deliberation.number.replace(/[^A-Za-z0-9]+/g, '-')}.docx`, bytes: new Uint8Array(await Packer.toBuffer(document)) };
}
