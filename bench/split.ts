import { Cents, splitCents, type SplitItem } from '../src/platform/money.ts';
import { findOfficialEpci } from '../src/territory/official-data.ts';
import type { Row } from './run.ts';
import { median } from './stats.ts';

/** The exact split (largest remainder, bigint) against floats rounded per part, on the demo's 53 populations. */
export async function benchSplit(runs: number): Promise<Row[]> {
  const found = findOfficialEpci('244200770');
  if (!('found' in found)) throw new Error('Saint-Étienne Métropole absente des données officielles');
  const items: SplitItem[] = found.found.membres.map((m) => ({ key: m.code, weight: m.populationMunicipale }));
  const totals = Array.from({ length: 2_000 }, (_, i) => (1_000_000 + i * 7_919) as Cents);

  const exact = measure(runs, () => {
    for (const total of totals) splitCents(total, items);
  });
  let wrongTotals = 0;
  const naive = measure(runs, () => {
    wrongTotals = 0;
    const sum = items.reduce((a, i) => a + Number(i.weight), 0);
    for (const total of totals) {
      let parts = 0;
      for (const i of items) parts += Math.round((total * Number(i.weight)) / sum);
      if (parts !== total) wrongTotals++;
    }
  });
  const lines = totals.length * items.length;
  const rate = (ms: number) => `${Math.round(lines / (ms / 1000)).toLocaleString('en')} lines/s`;
  return [
    { workload: 'split 53 communes, exact (splitCents)', figure: rate(exact), note: `${lines} lines per run` },
    { workload: 'split 53 communes, naive floats', figure: rate(naive), note: `${wrongTotals}/${totals.length} totals off by ≥ 1 cent` },
    { workload: 'exact / naive time', figure: `${(exact / naive).toFixed(1)} ×`, note: 'same run' },
  ];
}

function measure(runs: number, work: () => void): number {
  work(); // warm-up: JIT and the official data's first read
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return median(times);
}
