/**
 * The full 2020 progress report of the demo territory as PDF (every module's reads, the Typst typesetting and
 * the ECharts charts as SVG): the median of several runs after a warm-up, and its page count. Target < 2 s.
 */
import { createDatabase } from '../src/platform/db/database.ts';
import { SYSTEM_ACTOR } from '../src/platform/audit.ts';
import { closePdfWorkers } from '../src/platform/documents/index.ts';
import { loadDemo } from '../src/demo/service.ts';
import { yearReport } from '../src/report/service.ts';
import { reportPdf } from '../src/report/documents.ts';
import type { Row } from './run.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchReport(runs: number): Promise<Row[]> {
  const db = await createDatabase({});
  try {
    const ctx = { territoryId: (await loadDemo(db))!.id, actor: SYSTEM_ACTOR };
    const once = async () => reportPdf(await yearReport(db, ctx, 2020), '2020-01-27');
    const warm = await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await once();
      times.push(performance.now() - start);
    }
    const pages = (new TextDecoder('latin1').decode(warm).match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    return [{ workload: 'Rapport d’avancement 2020, PDF complet', figure: `${(median(times) / 1000).toFixed(2)} s`, note: `${pages} pages, 2 graphiques ECharts ; cible < 2 s` }];
  } finally {
    await closePdfWorkers();
    await db.close();
  }
}
