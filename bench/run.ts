/**
 * npm run bench: measures, never asserts. Prints one table (medians of several runs) to paste into
 * docs/benchmarks.md with the machine. BENCH_RUNS overrides the number of runs (default 5).
 */
import os from 'node:os';
import { benchSplit } from './split.ts';
import { benchStart } from './start.ts';
// aids
import { benchAids } from './aids.ts';
// charging
import { benchCharging } from './charging.ts';
// report
import { benchReport } from './report.ts';

export interface Row {
  readonly workload: string;
  readonly figure: string;
  readonly note: string;
}

const runs = Number(process.env.BENCH_RUNS ?? 5);
const rows: Row[] = [
  ...(await benchSplit(runs)),
  ...(await benchStart(Math.max(1, Math.min(runs, 3)))),
  // aids
  ...(await benchAids()),
  // charging
  ...(await benchCharging(runs)),
  // report
  ...(await benchReport(runs)),
];

const cpus = os.cpus();
console.log(`\nMachine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${runs} runs, medians.\n`);
const widths = [0, 1, 2].map((i) => Math.max(...[['workload', 'figure', 'note'][i]!.length, ...rows.map((r) => [r.workload, r.figure, r.note][i]!.length)]));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(['workload', 'figure', 'note']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line([r.workload, r.figure, r.note]));
