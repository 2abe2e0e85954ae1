import { computeCharging } from '../src/charging/engine.ts';
import type { ChargingInput, CostLineInput, SupportCentre } from '../src/charging/model.ts';
import { Cents } from '../src/platform/money.ts';
import { findOfficialEpci } from '../src/territory/official-data.ts';
import type { Row } from './run.ts';
import { median } from './stats.ts';

/**
 * The charging engine on one core: 10 services shared by the 53 communes (60 % by population, 40 % by a second
 * driver, 6 % overhead), 5 support centres solved by the reciprocal method, 4 000 cost lines; against a naive float
 * implementation of the same split (share × amount rounded per part). Then one final run of the demo with its
 * statement PDFs, end to end on PGlite.
 */
export async function benchCharging(runs: number): Promise<Row[]> {
  const found = findOfficialEpci('244200770');
  if (!('found' in found)) throw new Error('Saint-Étienne Métropole absente des données officielles');
  const communes = found.found.membres;
  const participants = communes.map((m) => ({ collectivityId: m.code, tieKey: m.code, name: m.nom }));
  const drivers = communes.flatMap((m, i) => [
    { collectivityId: m.code, driver: 'population', value: String(m.populationMunicipale) },
    { collectivityId: m.code, driver: 'fte', value: `${(i * 37) % 90}.${i % 10}` },
  ]);
  const services = Array.from({ length: 10 }, (_, s) => ({
    id: `s${s}`,
    code: `S${String(s).padStart(2, '0')}`,
    name: `Service ${s}`,
    participants,
    scheme: { components: [{ percent: '60', rule: { kind: 'driver' as const, driver: 'population' } }, { percent: '40', rule: { kind: 'driver' as const, driver: 'fte' } }], overheadPercent: '6' },
  }));
  const costLines: CostLineInput[] = Array.from({ length: 4_000 }, (_, i) => ({
    id: `l${i}`,
    serviceId: `s${i % 10}`,
    centreId: null,
    category: (['staff', 'operating', 'investment'] as const)[i % 3]!,
    amountCents: Cents.of(100_000 + ((i * 7_919_113) % 9_000_000)),
    label: `Ligne ${i}`,
    sourceReference: null,
    attributedTo: null,
  }));
  const centres: SupportCentre[] = Array.from({ length: 5 }, (_, c) => ({
    id: `c${c}`,
    code: `C${c}`,
    name: `Support ${c}`,
    order: c,
    shares: [{ recipient: { kind: 'centre' as const, id: `c${(c + 1) % 5}` }, percent: '10' }, ...services.map((s) => ({ recipient: { kind: 'service' as const, id: s.id }, percent: '9' }))],
  }));
  const centreLines: CostLineInput[] = centres.map((c, i) => ({ id: `cl${i}`, serviceId: null, centreId: c.id, category: 'staff', amountCents: Cents.of(50_000_000 + i), label: c.name, sourceReference: null, attributedTo: null }));
  const input: ChargingInput = { year: 2019, phase: 'final', services, costLines: [...costLines, ...centreLines], drivers, workUnits: [], centres, supportMethod: 'reciprocal' };

  let lineCount = 0;
  const exact = measure(runs, () => {
    const result = computeCharging(input);
    if (result.problems.length > 0) throw new Error(result.problems[0]!.message);
    lineCount = result.lines.length;
  });
  let wrong = 0;
  const naive = measure(runs, () => {
    wrong = 0;
    const pop = communes.map((m) => m.populationMunicipale);
    const fte = drivers.filter((d) => d.driver === 'fte').map((d) => Number(d.value));
    const popSum = pop.reduce((a, b) => a + b, 0);
    const fteSum = fte.reduce((a, b) => a + b, 0);
    for (const line of costLines) {
      let parts = 0;
      for (let i = 0; i < communes.length; i++) parts += Math.round(line.amountCents * 0.6 * (pop[i]! / popSum)) + Math.round(line.amountCents * 0.4 * (fte[i]! / fteSum));
      if (parts !== line.amountCents) wrong++;
    }
  });
  const naiveLines = costLines.length * communes.length * 2;
  const rate = (lines: number, ms: number) => `${Math.round(lines / (ms / 1000)).toLocaleString('en')} lines/s`;
  const rows: Row[] = [
    { workload: 'charging engine, exact (10 services × 53 communes, reciprocal support)', figure: rate(lineCount, exact), note: `${lineCount} allocation lines per run, ${Math.round(exact)} ms` },
    { workload: 'charging split, naive floats', figure: rate(naiveLines, naive), note: `${wrong}/${costLines.length} cost lines off by ≥ 1 cent` },
  ];

  // One final run of the demo with its statement PDFs, end to end (PGlite in memory).
  const { createDatabase } = await import('../src/platform/db/database.ts');
  const { loadDemo } = await import('../src/demo/service.ts');
  const charging = await import('../src/charging/service.ts');
  const { statementPdf } = await import('../src/charging/documents.ts');
  const { closePdfWorkers } = await import('../src/platform/documents/index.ts');
  const { SYSTEM_ACTOR } = await import('../src/platform/audit.ts');
  const db = await createDatabase({});
  try {
    const territory = (await loadDemo(db))!;
    const ctx = { territoryId: territory.id, actor: SYSTEM_ACTOR };
    const start = performance.now();
    const run = await charging.runCharging(db, ctx, 2019, 'final');
    await charging.validateRun(db, ctx, run.id, '2020-06-01T00:00:00.000Z');
    const computed = performance.now();
    const participants = [...new Set((await charging.runStatementLines(db, ctx, run.id)).map((l) => l.collectivityId))];
    for (const id of participants) await statementPdf(db, ctx, territory.name, run.id, id, charging.EVERYONE);
    const end = performance.now();
    rows.push({ workload: 'demo final run + validation + statement PDFs', figure: `${Math.round(end - start)} ms`, note: `run and validation ${Math.round(computed - start)} ms, ${participants.length} PDFs ${Math.round(end - computed)} ms` });
  } finally {
    await db.close();
    await closePdfWorkers();
  }
  return rows;
}

function measure(runs: number, work: () => void): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return median(times);
}
