// Times the documents engine: Typst worker start, communes PDF cold (fresh worker) and warm.
// Run: node --import tsx bench/documents.ts
import { closePdfWorkers, renderPdf, templatePath } from '../src/platform/documents/pdf.ts';
import { renderCommunes } from '../src/territory/documents.ts';
import { findOfficialEpci } from '../src/territory/official-data.ts';
import type { MemberCommune } from '../src/territory/model.ts';

const found = findOfficialEpci('244200770');
if (!('found' in found)) throw new Error('Saint-Étienne Métropole introuvable');
// Only the fields the document prints.
const communes = found.found.membres.map((m) => ({ inseeCode: m.code, name: m.nom, population: m.populationMunicipale }) as unknown as MemberCommune);
const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;
const trivial = templatePath(import.meta.url, '../src/platform/documents/fixtures/system-font.typ');

let start = performance.now();
await renderPdf(trivial, {}, { date: '2026-01-01' });
const firstTrivial = performance.now() - start;
start = performance.now();
await renderPdf(trivial, {}, { date: '2026-01-01' });
const warmTrivial = performance.now() - start;
console.log(`worker start (first trivial document − warm trivial document): ${(firstTrivial - warmTrivial).toFixed(0)} ms`);
await closePdfWorkers();

start = performance.now();
const cold = await renderCommunes(found.found.nom, '2026-11-28', communes, 'pdf');
console.log(`communes PDF, cold (new worker, first compile): ${ms(start)} (${cold.bytes.length} bytes, ${communes.length} communes)`);
const runs: number[] = [];
for (let i = 0; i < 10; i++) {
  start = performance.now();
  await renderCommunes(found.found.nom, '2026-11-28', communes, 'pdf');
  runs.push(performance.now() - start);
}
runs.sort((a, b) => a - b);
console.log(`communes PDF, warm: median ${runs[5]!.toFixed(0)} ms, min ${runs[0]!.toFixed(0)} ms, max ${runs[9]!.toFixed(0)} ms (10 runs)`);
await closePdfWorkers();
