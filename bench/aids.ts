/**
 * Aid search over 10,000 generated schemes: p50 and p95 of the whole use case (territory facts, eligibility
 * in SQL, French full text, the model's reasons) on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import pg from 'pg';
import { createDatabase, type Database } from '../src/platform/db/database.ts';
import { SYSTEM_ACTOR } from '../src/platform/audit.ts';
import { findOfficialEpci } from '../src/territory/official-data.ts';
import * as territory from '../src/territory/service.ts';
import * as aids from '../src/aids/service.ts';
import { AID_TYPES, FUNDER_LEVELS, PROJECT_TYPE_CODES, PROJECT_STAGES, THEMES, type SearchCriteria } from '../src/aids/model.ts';
import type { RawScheme } from '../src/aids/scheme-input.ts';
import type { Row } from './run.ts';

const SCHEMES = Number(process.env.BENCH_AIDS ?? 10_000);
const SEARCHES = 200;
const TODAY = '2026-12-01';
const WORDS = ['rénovation', 'école', 'voirie', 'énergie', 'eau potable', 'assainissement', 'patrimoine', 'église', 'gymnase', 'numérique', 'wifi', 'bibliothèque', 'mobilité', 'vélo', 'forêt', 'biodiversité', 'logement', 'commerce', 'crèche', 'santé', 'éclairage', 'friche', 'inondation', 'tourisme', 'mairie'];
const CRITERIA = ['', '', '', 'population ≤ 2 000', 'population < 5 000', 'commune rurale', 'population ≥ 2 000 et population ≤ 20 000', 'population ≤ 2 000\npopulation > 2 000 et population ≤ 20 000 et potentiel financier ≤ 1 190 €', "population de l'EPCI < 50 000"];

/** A deterministic pseudo-random sequence (mulberry32), so every run searches the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generated(n: number): RawScheme[] {
  const r = rng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const [w1, w2] = [pick(WORDS), pick(WORDS)];
    const level = pick(FUNDER_LEVELS);
    const past = r() < 0.15;
    return {
      name: `Aide ${i} : ${w1} et ${w2}`,
      description: `Soutien aux projets de ${w1}, de ${w2} et de ${pick(WORDS)} des collectivités. Dispositif généré pour la mesure n° ${i}.`,
      funders: [`Financeur ${i % 300}`],
      level,
      perimeterScale: level === 'regional' ? 'region' : level === 'departmental' ? 'department' : level === 'european' ? 'europe' : 'france',
      perimeterCode: level === 'regional' ? (r() < 0.8 ? '84' : '11') : level === 'departmental' ? (r() < 0.8 ? '42' : '69') : null,
      audiences: r() < 0.7 ? ['commune', 'epci'] : ['commune'],
      aidTypes: [pick(AID_TYPES)],
      projectTypes: r() < 0.2 ? [] : [pick(PROJECT_TYPE_CODES), pick(PROJECT_TYPE_CODES)],
      stages: r() < 0.5 ? [] : [pick(PROJECT_STAGES)],
      criteria: pick(CRITERIA),
      rateMax: String(10 + Math.floor(r() * 70)),
      deadline: past ? '2025-06-30' : r() < 0.5 ? `2027-0${1 + Math.floor(r() * 9)}-15` : null,
      recurrence: past ? 'oneOff' : r() < 0.4 ? 'ongoing' : 'recurring',
      status: r() < 0.05 ? 'draft' : 'published',
    };
  });
}

async function measure(db: Database, kind: string, analyze: () => Promise<void>): Promise<Row[]> {
  const found = findOfficialEpci('244200770');
  if (!('found' in found)) throw new Error('Saint-Étienne Métropole absente des données officielles');
  const t = await territory.createTerritoryFromOfficialData(db, SYSTEM_ACTOR, found.found);
  const ctx = { territoryId: t.id, actor: SYSTEM_ACTOR };
  const communes = await territory.listCommunes(db, ctx, { on: TODAY });
  const facts = communes.map((c, i) => `${c.inseeCode};2025;${1 + (i % 7)};${800 + (i * 13) % 600}`).join('\n');
  await aids.importCommuneFacts(db, ctx, new TextEncoder().encode(`code_insee;annee;niveau_densite;potentiel_financier\n${facts}\n`), TODAY);
  let start = performance.now();
  const raws = generated(SCHEMES);
  for (let i = 0; i < raws.length; i += 1000) await aids.createSchemes(db, ctx, raws.slice(i, i + 1000), TODAY);
  const loadSeconds = (performance.now() - start) / 1000;
  // As autovacuum would after a bulk load: the planner needs the statistics to choose the full-text index.
  await analyze();
  const r = rng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const searches: SearchCriteria[] = Array.from({ length: SEARCHES }, (_, i) => ({
    beneficiaryId: pick(communes).id,
    projectType: i % 4 === 0 ? null : pick(PROJECT_TYPE_CODES),
    text: i % 3 === 0 ? null : `${pick(WORDS)}${i % 5 === 0 ? ` ${pick(WORDS)}` : ''}`,
    levels: i % 7 === 0 ? [pick(FUNDER_LEVELS)] : [],
    theme: i % 11 === 0 ? pick(THEMES) : null,
  }));
  const times: number[] = [];
  const cpu: number[] = [];
  let results = 0;
  for (const [i, criteria] of searches.entries()) {
    start = performance.now();
    const used = process.cpuUsage();
    const answer = await aids.searchAids(db, ctx, criteria, TODAY);
    const spent = process.cpuUsage(used);
    // The first ten warm the caches up.
    if (i >= 10) {
      times.push(performance.now() - start);
      cpu.push((spent.user + spent.system) / 1000);
    }
    results += answer.results.length;
  }
  const at = (list: number[], q: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))]!;
  // PGlite runs in this process: its CPU time is what a search costs on a core of its own, whatever the machine's load.
  const cpuNote = kind === 'PGlite' ? `; CPU time p50 ${at(cpu, 0.5).toFixed(1)} ms, p95 ${at(cpu, 0.95).toFixed(1)} ms` : '';
  return [
    { workload: `aid search, ${SCHEMES} schemes, ${kind}, p50`, figure: `${at(times, 0.5).toFixed(1)} ms`, note: `${times.length} searches, ${Math.round(results / searches.length)} results each on average` },
    { workload: `aid search, ${SCHEMES} schemes, ${kind}, p95`, figure: `${at(times, 0.95).toFixed(1)} ms`, note: `target < 20 ms${cpuNote}` },
    { workload: `load ${SCHEMES} schemes, ${kind}`, figure: `${loadSeconds.toFixed(1)} s`, note: 'checked, indexed, audited' },
  ];
}

export async function benchAids(): Promise<Row[]> {
  const rows: Row[] = [];
  const lite = await createDatabase({});
  try {
    rows.push(...(await measure(lite, 'PGlite', () => lite.asOwner!('analyze'))));
  } finally {
    await lite.close();
  }
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `mutualis_bench_aids_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    const db = await createDatabase({ url: target.toString() });
    try {
      const analyze = async () => {
        const owner = new pg.Client({ connectionString: target.toString() });
        await owner.connect();
        await owner.query('analyze');
        await owner.end();
      };
      rows.push(...(await measure(db, 'PostgreSQL', analyze)));
    } finally {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    }
  }
  return rows;
}

// Run alone: node --import tsx bench/aids.ts
if (import.meta.url === `file://${process.argv[1]}`) for (const r of await benchAids()) console.log(`${r.workload}: ${r.figure} (${r.note})`);
