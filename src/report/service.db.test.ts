import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { UserError } from '../platform/http/errors.ts';
import { closePdfWorkers } from '../platform/documents/index.ts';
import { docxText, pdfText } from '../platform/documents/testing.ts';
import { loadDemo } from '../demo/service.ts';
import { findOfficialEpci } from '../territory/official-data.ts';
import { createTerritoryFromOfficialData } from '../territory/service.ts';
import { NO_DATA, reportNarratives, saveNarrative, yearReport } from './service.ts';
import { reportDocx, reportPdf } from './documents.ts';

function officialEpci(siren: string) {
  const found = findOfficialEpci(siren);
  if (!('found' in found)) throw new Error(siren);
  return found.found;
}

// pdftotext joins lines with a space: a word cut at its soft hyphen or after its hyphen ("Saint-|Étienne") is joined back.
const nfkc = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/\u00ad\s*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/([\p{L}\d])- (?=[\p{L}\d])/gu, '$1-')
    .replace(/’/g, "'");

/** Every figure of the reference report of 2020, as labelled sentences of the generated report. */
const REFERENCE_SENTENCES = [
  'Communes membres de Saint-Étienne Métropole : 53.',
  'Adoption du schéma de mutualisation : le 10 décembre 2015, par le Conseil communautaire de Saint-Étienne Métropole.',
  'SIG métropolitain (système d\'information géographique) en 2019 — Communes adhérentes : 52 ; Comptes d\'accès : 148 ; Personnes formées : 83',
  'Nouvelles applications mises en service : 3',
  'Accompagnement au Règlement général sur la protection des données (RGPD) en 2019 — Personnes formées : 57 ; Communes représentées en formation : 44.',
  'Adhésion à l\'AFCDP en 2019 — Communes adhérentes : 39.',
  'Marchés issus des groupements de l\'année en 2016 : 9.',
  'Groupements de commandes conclus en 2017 : 20.',
  'Marchés issus des groupements de l\'année en 2017 : 35.',
  'Groupements de commandes conclus en 2018 : 9.',
  'Marchés conclus par les directions mutualisées en 2018 : 22.',
  'Groupements de commandes conclus en 2019 : 24.',
  'Entités partenaires différentes en 2019 : 12.',
  'Groupements coordonnés par l\'EPCI en 2019 : 10.',
  'Marchés signés en 2019 dans les groupements coordonnés par l\'EPCI : 51.',
  'Plan de formation à l\'achat public en 2019 — Personnes formées : 35',
  'Animation territoriale UGAP en 2019 — Réunions et événements tenus : 1 ; Participants : 48.',
  'Rencontres des directeurs généraux des services en 2019 — Réunions et événements tenus : 4 ; Participants : 161 ; Communes ayant un référent : 53.',
  'WiFi4EU — Wifi gratuit dans les lieux publics — 3 lauréats en 2018 : La Fouillouse, La Grand-Croix et Le Chambon-Feugerolles.',
  'WiFi4EU — Wifi gratuit dans les lieux publics — 4 lauréats en 2019 : Châteauneuf, La Talaudière, Roche-la-Molière et Saint-Jean-Bonnefonds.',
  'Direction Générale Commune : service commun créé en 2015',
  'Direction de la communication et du marketing territorial : service commun créé en juillet 2017',
  'approuvée par Saint-Étienne Métropole (Bureau métropolitain) le 15 novembre 2017 et Saint-Étienne (Conseil municipal) le 27 novembre 2017',
  'Projets communs de convergence engagés jusqu\'en 2019 : 27.',
  'Déploiement de logiciels, 2018 : Déploiement du logiciel de gestion financière (CORIOLIS), Déploiement du système d\'information Ressources Humaines (ASTRE) et Outil d\'extraction de données finances, RH (BO).',
  'Outil de gestion des délibérations (DOTELEC)',
];

describe(`the yearly progress report on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let fresh: TerritoryContext;
  let pdf: string;

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    fresh = { territoryId: (await createTerritoryFromOfficialData(db, SYSTEM_ACTOR, officialEpci('200040715'))).id, actor: SYSTEM_ACTOR };
    const bytes = await reportPdf(await yearReport(db, ctx, 2020), '2020-01-27');
    if (process.env.REPORT_PDF_OUT) writeFileSync(process.env.REPORT_PDF_OUT, bytes);
    pdf = nfkc(pdfText(bytes));
  }, 180_000);
  afterAll(closePdfWorkers);

  it('the 2020 PDF states every figure of the reference as a labelled sentence', () => {
    const missing = REFERENCE_SENTENCES.map(nfkc).filter((s) => !pdf.includes(s));
    expect(missing).toEqual([]);
    expect(pdf).toContain('Sommaire');
    expect(pdf).toContain('V.3. La convergence des outils et des méthodes');
  });

  it('every shared direction has its creation date, and every agreement each approval date', async () => {
    const r = await yearReport(db, ctx, 2020);
    const services = r.sections.find((s) => s.section === 'sharedServices')!;
    const [directions, agreements] = services.blocks;
    expect(directions!.figures.length).toBeGreaterThanOrEqual(6);
    for (const f of directions!.figures) expect(f.sentence).toMatch(/créé (en |le )/);
    for (const f of agreements!.figures) {
      expect(f.rows.length).toBeGreaterThan(0);
      for (const approval of f.rows) expect(pdf).toContain(nfkc(approval.replace(/ \(illustratif\)$/, '')));
    }
  });

  it('a figure moves when one of the rows it counts changes', async () => {
    const sentence = (r: Awaited<ReturnType<typeof yearReport>>) => r.sections.find((s) => s.section === 'offers')!.blocks[0]!.figures.find((f) => f.sentence.startsWith('SIG'))!.sentence;
    expect(sentence(await yearReport(db, ctx, 2020))).toContain("Comptes d'accès : 148");
    await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) =>
      rows(tx, sql`update catalogue_accounts set closed_on = '2018-12-31' where territory_id = ${ctx.territoryId} and id = (select id from catalogue_accounts where territory_id = ${ctx.territoryId} and opened_on <= '2018-12-31' and closed_on is null order by id limit 1) returning id`),
    );
    const after = nfkc(pdfText(await reportPdf(await yearReport(db, ctx, 2020), '2020-01-27')));
    expect(after).toContain("Comptes d'accès : 147");
    expect(after).not.toContain("Comptes d'accès : 148");
    await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows(tx, sql`update catalogue_accounts set closed_on = null where territory_id = ${ctx.territoryId} and closed_on = '2018-12-31' returning id`));
  }, 60_000);

  it('a fresh territory’s report says "Aucune donnée" in every block of module data', async () => {
    const r = await yearReport(db, fresh, 2020);
    const blocks = r.sections.flatMap((s) => s.blocks).filter((b) => b.source !== 'Registre des collectivités');
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    expect(blocks.filter((b) => !b.empty).map((b) => b.title)).toEqual([]);
    const text = nfkc(pdfText(await reportPdf(r, '2020-01-27')));
    expect(text.split(NO_DATA).length - 1).toBe(blocks.length);
    expect(nfkc(await docxText(await reportDocx(r)))).toContain(NO_DATA);
  }, 60_000);

  it('narratives are pre-filled from the previous year, saved with their audit entry, refused when invalid', async () => {
    expect((await reportNarratives(db, ctx, 2021)).find((n) => n.section === 'context')!.origin).toBe('default');
    await saveNarrative(db, ctx, 2020, 'context', 'Premier **paragraphe**.\r\n\n- un point\n- un autre  ');
    const next = (await reportNarratives(db, ctx, 2021)).find((n) => n.section === 'context')!;
    expect(next).toEqual({ section: 'context', body: 'Premier **paragraphe**.\n\n- un point\n- un autre', origin: 'previous', fromYear: 2020 });
    await saveNarrative(db, ctx, 2020, 'context', 'Second texte.');
    const audit = await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows<{ n: number }>(tx, sql`select count(*)::int as n from audit_log where entity = 'report_narratives'`));
    expect(audit[0]!.n).toBe(2);
    const docx = nfkc(await docxText(await reportDocx(await yearReport(db, ctx, 2020))));
    expect(docx).toContain('Second texte.');
    expect(docx).toContain('Comptes d\'accès : 148');
    const count = async () => (await db.transaction({ territoryId: ctx.territoryId, personId: null }, (tx) => rows<{ n: number }>(tx, sql`select count(*)::int as n from report_narratives`)))[0]!.n;
    const before = await count();
    for (const [section, body, field] of [
      ['context', 'x'.repeat(20_001), 'texte'],
      ['nope', 'x', 'section'],
      ['context', 'a\u0007', 'texte'],
    ] as const) {
      await expect(saveNarrative(db, ctx, 2020, section, body)).rejects.toSatisfy((e) => e instanceof UserError && e.field === field && /[éèàç]|partie|texte/i.test(e.message));
    }
    await expect(saveNarrative(db, ctx, 1999, 'context', 'x')).rejects.toBeInstanceOf(UserError);
    expect(await count()).toBe(before);
  }, 60_000);
});
