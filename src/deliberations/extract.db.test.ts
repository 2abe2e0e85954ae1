import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { closePdfWorkers } from '../platform/documents/index.ts';
import { docxText, pdfText } from '../platform/documents/testing.ts';
import { loadDemo } from '../demo/service.ts';
import * as deliberations from './service.ts';
import { extractDocx, extractPdf } from './extract.ts';

interface Fixture {
  readonly blocks: readonly string[];
  readonly present: readonly string[];
  readonly proxies: readonly string[];
  readonly excused: readonly string[];
}
const fixture = JSON.parse(fs.readFileSync(new URL('./fixtures/extract-2020.00079.json', import.meta.url), 'utf8')) as Fixture;

/** The document's text in one line: NFKC, page footers dropped, lines joined, a name cut at its hyphen put back together. */
export function flatText(text: string): string {
  return text
    .normalize('NFKC')
    .split('\n')
    .filter((line) => !/page \d+ \/ \d+\s*$/.test(line))
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/(\S)- (?=\p{Lu})/gu, '$1-')
    .trim();
}

const between = (text: string, from: string, to: string) => {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + from.length);
  expect(start, from).toBeGreaterThanOrEqual(0);
  expect(end, to).toBeGreaterThan(start);
  return text.slice(start + from.length, end).trim();
};

function checkAgainstReference(text: string): void {
  // Every block, in the reference's order (case aside: the demo body is named "Conseil métropolitain").
  let cursor = 0;
  const lower = text.toLocaleLowerCase('fr-FR');
  for (const block of fixture.blocks) {
    const at = lower.indexOf(block.toLocaleLowerCase('fr-FR'), cursor);
    expect(at, `bloc « ${block} » après la position ${cursor}`).toBeGreaterThanOrEqual(0);
    cursor = at + block.length;
  }
  expect(between(text, 'Membres titulaires présents :', 'Pouvoirs :').split(', ')).toEqual(fixture.present);
  expect(between(text, 'Pouvoirs :', 'Membres titulaires absents excusés :').split(', ')).toEqual(fixture.proxies);
  expect(between(text, 'Membres titulaires absents excusés :', 'Secrétaire de Séance :').split(', ')).toEqual(fixture.excused);
}

describe(`the extract of the register on ${testDatabaseKind}`, () => {
  let db: Database;
  let ctx: TerritoryContext;
  let id: string;

  beforeAll(async () => {
    db = await testDatabase();
    ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    id = (await deliberations.findDeliberation(db, ctx, { number: '2020.00079' }))!.id;
  });
  afterAll(async () => {
    await closePdfWorkers();
    await db.close();
  });

  it('prints the demo deliberation 2020.00079 as the reference extract: blocks in order, 84 present, 10 proxies, 18 excused', async () => {
    const { filename, bytes } = await extractPdf(db, ctx, id);
    expect(filename).toBe('extrait-deliberation-2020-00079.pdf');
    fs.mkdirSync('tmp', { recursive: true });
    fs.writeFileSync('tmp/extrait-2020-00079.pdf', bytes);
    const text = flatText(pdfText(bytes));
    checkAgainstReference(text);
    expect(fixture.present).toHaveLength(84);
    expect(fixture.proxies).toHaveLength(10);
    expect(fixture.excused).toHaveLength(18);
  });

  it('gives the same extract as an editable Word file', async () => {
    const { filename, bytes } = await extractDocx(db, ctx, id);
    expect(filename).toBe('extrait-deliberation-2020-00079.docx');
    checkAgainstReference(flatText((await docxText(bytes)).replace(/\n/g, ' ')));
  });
});
