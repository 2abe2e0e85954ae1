import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { isCalendarDate } from '../platform/format.ts';
import { closePdfWorkers } from '../platform/documents/index.ts';
import { pdfText } from '../platform/documents/testing.ts';
import { loadDemo } from '../demo/service.ts';
import { DEMO_COUNCIL } from '../demo/assemblies.ts';
import * as assemblies from '../assemblies/service.ts';
import * as deliberations from './service.ts';
import { deliberationListPdf, minutesPdf, scdlCsv, yearRegisterPdf } from './registers.ts';
import { decidedSitting } from './testing.ts';

interface Field {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly constraints: { required: boolean; pattern?: string; minimum?: number };
}
const schema = JSON.parse(fs.readFileSync(new URL('./scdl-deliberations.schema.json', import.meta.url), 'utf8')) as { fields: Field[] };

/** Every problem of a row against the schema's field rules (Table Schema: required, pattern, type, minimum). */
function rowProblems(row: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const f of schema.fields) {
    const v = row[f.name] ?? '';
    if (v === '') {
      if (f.constraints.required) problems.push(`${f.name} obligatoire`);
      continue;
    }
    if (f.constraints.pattern && !new RegExp(f.constraints.pattern).test(v)) problems.push(`${f.name} ne suit pas ${f.constraints.pattern}`);
    if (f.type === 'date' && !isCalendarDate(v)) problems.push(`${f.name} n'est pas une date AAAA-MM-JJ`);
    if (f.type === 'year' && !/^\d{4}$/.test(v)) problems.push(`${f.name} n'est pas une année`);
    if (f.type === 'integer' && (!/^\d+$/.test(v) || Number(v) < (f.constraints.minimum ?? -Infinity))) problems.push(`${f.name} n'est pas un entier valide`);
    if (f.format === 'uri' && !/^https?:\/\/\S+$/.test(v)) problems.push(`${f.name} n'est pas une URL`);
  }
  const n = (k: string) => Number(row[k] || 0);
  if (n('VOTE_POUR') + n('VOTE_CONTRE') + n('VOTE_ABSTENTION') > n('VOTE_REEL') || n('VOTE_REEL') > n('VOTE_EFFECTIF')) problems.push('décompte incohérent');
  return problems;
}

const flat = (bytes: Uint8Array) => pdfText(bytes).normalize('NFKC').replace(/\s+/g, ' ');

describe(`minutes, lists, register and open data on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let demoSitting: string;
  let sittingId: string;

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    const councilId = (await assemblies.listBodies(db, ctx)).find((b) => b.name === DEMO_COUNCIL)!.id;
    demoSitting = (await deliberations.findDeliberation(db, ctx, { number: '2020.00079' }))!.sittingId;
    const decided = await decidedSitting(db, ctx, councilId, '2020-02-24', ['Budget primitif 2020', 'Tarifs des piscines']);
    sittingId = decided.sittingId;
    const budget = await deliberations.createDeliberation(db, ctx, { itemId: decided.itemIds[0]!, matterCode: '7.1', decision: 'Le budget primitif 2020 est adopté.', debates: 'M. le Président présente le budget ; aucune question.' });
    await deliberations.createDeliberation(db, ctx, { itemId: decided.itemIds[1]!, matterCode: '8.9', decision: 'Les tarifs sont fixés.' });
    await deliberations.publishDeliberation(db, ctx, budget.id, '2020-02-26');
  });
  afterAll(async () => {
    await closePdfWorkers();
    await db.close();
  });

  it('prints the minutes with what L2121-15 requires', async () => {
    const { bytes, filename } = await minutesPdf(db, ctx, demoSitting);
    expect(filename).toBe('proces-verbal-conseil-metropolitain-2020-01-27.pdf');
    const text = flat(bytes);
    for (const expected of ['Procès-verbal de la séance du 27 janvier 2020', '27/01/2020 à 18:00', 'Présidence : M. Gaël PERDRIAU', 'Secrétaire de séance : M. Rémy GUYOT', 'Membres en exercice : 112', '84 présents, 10 représentés, 94 voix', 'quorum', 'Ordre du jour', 'Mme Marie-Christine BUFFARD (pouvoir à Mme Nora BERROUKECHE)', 'n° 2020.00079', 'Teneur des débats', 'L2121-15']) {
      expect(text, expected).toContain(expected);
    }
    expect(flat((await minutesPdf(db, ctx, sittingId)).bytes)).toContain('M. le Président présente le budget ; aucune question.');
  });

  it('prints the list of the deliberations of a sitting, and the register of the year in number order', async () => {
    const list = flat((await deliberationListPdf(db, ctx, sittingId)).bytes);
    expect(list).toContain('2 délibérations examinées');
    expect(list.indexOf('2020.00080')).toBeLessThan(list.indexOf('2020.00081'));
    expect(list).toContain('L2121-25');
    const register = flat((await yearRegisterPdf(db, ctx, 2020, 'Saint-Étienne Métropole')).bytes);
    expect(register).toContain('Registre des délibérations 2020');
    expect(register).toContain('3 délibérations, n° 2020.00079 à 2020.00081');
    expect(register.indexOf('N° 2020.00079')).toBeLessThan(register.indexOf('N° 2020.00080'));
    expect(register).toContain('042-244200770-20200127-2020_00079-DE');
  });

  it('exports the published deliberations of the year as SCDL, every row following the schema', async () => {
    const { bytes, rows, filename } = await scdlCsv(db, ctx, 2020, { publicUrl: 'https://mutualis.example.fr' });
    expect(filename).toBe('deliberations-2020.csv');
    expect(rows).toBe(2);
    const text = new TextDecoder().decode(bytes);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const header = text.split('\n')[0]!.split(',');
    expect(header).toEqual(schema.fields.map((f) => f.name));
    const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(records).toHaveLength(2);
    for (const [i, record] of records.entries()) expect(rowProblems(record), `ligne ${i + 2}`).toEqual([]);
    expect(records[0]).toMatchObject({ DELIB_ID: '2020.00079', DELIB_DATE: '2020-01-27', DELIB_MATIERE_CODE: '5.7', DELIB_MATIERE_NOM: 'Intercommunalité', PREF_ID: '042', PREF_DATE: '2020-02-04', VOTE_EFFECTIF: '112', VOTE_REEL: '94', VOTE_POUR: '0' });
    expect(records[1]).toMatchObject({ DELIB_ID: '2020.00080', BUDGET_ANNEE: '2020', PREF_ID: '', VOTE_POUR: String(records[1]!.VOTE_REEL) });
    expect(records[0]!.DELIB_URL).toBe('https://mutualis.example.fr/t/244200770/publication#2020.00079');
    // The checker itself refuses what breaks the rules.
    expect(rowProblems({ ...records[0]!, COLL_SIRET: '2442007700', DELIB_MATIERE_CODE: '5.777', DELIB_DATE: '27/01/2020', DELIB_OBJET: '' })).toEqual(['COLL_SIRET ne suit pas ^\\d{14}$', 'DELIB_DATE n\'est pas une date AAAA-MM-JJ', 'DELIB_MATIERE_CODE ne suit pas ^\\d\\.\\d{1,2}$', 'DELIB_OBJET obligatoire']);
  });
});
