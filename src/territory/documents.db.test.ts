import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.ts';
import { testDatabase, testDatabaseKind } from '../platform/db/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { buildServer, type App } from '../platform/http/server.tsx';
import { plugins } from '../app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from '../demo/service.ts';
import * as access from '../access/service.ts';
import { parseCsv } from '../platform/csv.ts';
import { parisToday } from '../platform/clock.ts';
import { closePdfWorkers } from '../platform/documents/pdf.ts';
import { pdfFonts, pdfText, xlsxRows } from '../platform/documents/testing.ts';

describe(`communes list as PDF, XLSX and CSV on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  let token = '';
  const get = (ext: string) => app.inject({ method: 'GET', url: `/t/${DEMO_SIREN}/communes.${ext}`, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    db = await testDatabase();
    await loadDemo(db);
    const person = (await access.authenticate(db, 'elu@demo.mutualis.fr', DEMO_PASSWORD))!;
    token = await access.createApiToken(db, { personId: person.id, label: person.displayName }, 'tests');
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await closePdfWorkers();
  });

  it('prints the 53 communes and 407 700 inhabitants in a PDF, in the project font, page numbered, the same bytes twice', async () => {
    const response = await get('pdf');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.headers['content-disposition']).toMatch(new RegExp(`^inline; filename="communes-saint-etienne-metropole-${parisToday()}\\.pdf"; filename\\*=UTF-8''`));
    const text = pdfText(response.rawPayload);
    expect(text).toContain('Liste des communes membres');
    expect(text).toContain('Saint-Étienne Métropole');
    expect(text).toMatch(/42218\s+Saint-Étienne\s+17\d\s\d{3}/);
    expect(text).toMatch(/Total \(53 communes\)\s+407\s700/);
    expect(text).toMatch(/page 1 \/ \d/);
    expect(text.match(/^\s*42\d{3}\s/gm)).toHaveLength(53);
    expect(pdfFonts(response.rawPayload).every((f) => f.startsWith('SourceSans3-'))).toBe(true);
    expect(Buffer.compare((await get('pdf')).rawPayload, response.rawPayload)).toBe(0);
  });

  it('gives the same list as a workbook with real numbers and a total', async () => {
    const response = await get('xlsx');
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="communes-saint-etienne-metropole-/);
    const [sheet] = await xlsxRows(response.rawPayload);
    expect(sheet!.rows[0]).toEqual(['Code INSEE', 'Commune', 'Population municipale']);
    expect(sheet!.rows).toHaveLength(1 + 53 + 1);
    const saintEtienne = sheet!.rows.find((r) => r[0] === '42218')!;
    expect(saintEtienne[1]).toBe('Saint-Étienne');
    expect(typeof saintEtienne[2]).toBe('number');
    const body = sheet!.rows.slice(1, -1);
    expect(body.reduce((sum, r) => sum + (r[2] as number), 0)).toBe(407_700);
    expect(sheet!.rows.at(-1)).toEqual(['Total (53 communes)', null, 407_700]);
  });

  it('gives the same list as a French CSV that reads back', async () => {
    const response = await get('csv');
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const table = parseCsv(response.rawPayload.toString('utf8'));
    expect(table.columns).toEqual(['code_insee', 'commune', 'population_municipale']);
    expect(table.records).toHaveLength(54);
    expect(table.records.find((r) => r.values.code_insee === '42207')?.values.commune).toBe('Saint-Chamond');
    expect(table.records.at(-1)!.values).toEqual({ code_insee: 'Total (53 communes)', commune: '', population_municipale: '407700' });
  });
});
