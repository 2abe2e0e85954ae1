import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, GLOBAL_SCOPE, type Database } from '../platform/db/database.ts';
import { verifyAuditChain } from '../platform/audit-verify.ts';
import { backupTerritory } from '../platform/backup.ts';
import { findTerritoryBySiren } from '../platform/tenants.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_SIREN } from '../demo/service.ts';
import { ROOT, startServer } from '../../e2e/support/server.ts';
import { HttpClient, reliabilityProfile, seededRandom } from './client.ts';
import { prepareTargets, type Target, type Targets } from './targets.ts';

/**
 * Crash consistency: the real server or command is killed with SIGKILL at a random moment of an operation,
 * then restarted; what it acknowledged is there, what it did not is wholly absent, the audit chain verifies,
 * and the PGlite folder's lock is taken over. Trials per operation: 1 (npm test), 5 (CI), 20 (long profile).
 */
const TRIALS = { fast: 1, ci: 5, long: 20 }[reliabilityProfile()];
const SEED = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);
const PAYS_BASQUE = '200067106';
const admin = DEMO_LOGINS.find((l) => l.role === 'admin')!;

let targets: Targets;
beforeAll(async () => {
  targets = await prepareTargets();
}, 300_000);
afterAll(async () => targets?.close());

async function inTerritory<T>(db: Database, siren: string, fn: (territoryId: string, tx: Parameters<Parameters<Database['transaction']>[1]>[0]) => Promise<T>): Promise<T | null> {
  const territory = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, siren));
  if (!territory) return null;
  return db.transaction({ territoryId: territory.id, personId: null }, (tx) => fn(territory.id, tx));
}

async function chainIntact(db: Database, siren: string): Promise<void> {
  const territory = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, siren));
  const report = await verifyAuditChain(db, territory!.id);
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
}

/** Runs the mutualis command on a target, killed with SIGKILL after `killAfterMs` unless it ends first. */
function command(target: Target, args: string[], killAfterMs: number): Promise<{ killed: boolean; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/mutualis.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl, MUTUALIS_PASSWORD: 'un-mot-de-passe-solide', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, killAfterMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ killed: killed && code === null, code, output });
    });
  });
}

describe(`crash consistency (kill -9) on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ${TRIALS} trial(s) per operation, seed ${SEED}`, () => {
  it('a batch of API writes: every acknowledged write is there after a restart, with its audit entry, and the chain verifies', async () => {
    const random = seededRandom(SEED);
    for (let trial = 1; trial <= TRIALS; trial++) {
      const target = await targets.demo();
      try {
        let server = await startServer(target.dataDir, 120_000, target.databaseUrl);
        const client = await HttpClient.signIn(server.url, admin.email, DEMO_PASSWORD);
        const acknowledged = new Set<string>();
        const sent: string[] = [];
        let stop = false;
        const writer = async (w: number) => {
          for (let i = 0; !stop && i < 500; i++) {
            const name = `Syndicat essai ${trial}-${w}-${i}`;
            sent.push(name);
            try {
              const r = await client.request('POST', `/api/t/${DEMO_SIREN}/collectivites`, { kind: 'syndicate', name });
              if (r.status === 201) acknowledged.add(name);
              else throw new Error(`réponse ${r.status} : ${JSON.stringify(r.body)}`);
            } catch (error) {
              if (!stop) throw error;
            }
          }
        };
        const writers = [0, 1, 2, 3].map(writer);
        await new Promise((resolve) => setTimeout(resolve, 300 + random() * 2500));
        stop = true;
        await server.kill();
        await Promise.allSettled(writers);
        expect(acknowledged.size, `essai ${trial} : aucune écriture avant l'arrêt`).toBeGreaterThan(0);
        expect(acknowledged.size, `essai ${trial} : le lot s'est terminé avant l'arrêt`).toBeLessThan(2000);

        // The restart takes over the dead process's lock and serves what was acknowledged.
        server = await startServer(target.dataDir, 120_000, target.databaseUrl);
        const reader = await HttpClient.signIn(server.url, admin.email, DEMO_PASSWORD);
        const listed = (await reader.request('GET', `/api/t/${DEMO_SIREN}/collectivites`)).body as { id: string; name: string }[];
        await server.stop();
        const names = listed.map((c) => c.name).filter((name) => name.startsWith(`Syndicat essai ${trial}-`));
        expect(new Set(names).size, 'une écriture en double').toBe(names.length);
        for (const name of acknowledged) expect(names, `essai ${trial} (graine ${SEED}) : « ${name} » acquitté puis perdu`).toContain(name);
        for (const name of names) expect(sent).toContain(name);

        const db = await target.open();
        try {
          const ids = new Set(listed.filter((c) => names.includes(c.name)).map((c) => c.id));
          const audited = await inTerritory(db, DEMO_SIREN, (_id, tx) =>
            rows<{ entity_id: string }>(tx, sql`select entity_id from audit_log where entity = 'collectivities' and action = 'création'`),
          );
          const auditedIds = new Set(audited!.map((r) => r.entity_id));
          for (const id of ids) expect(auditedIds.has(id), `collectivité ${id} sans entrée d'audit`).toBe(true);
          await chainIntact(db, DEMO_SIREN);
        } finally {
          await db.close();
        }
      } finally {
        await target.drop();
      }
    }
  }, TRIALS * 240_000);

  it('a territory import (mutualis init): after the kill, the territory is absent or whole, and the import then completes', async () => {
    const random = seededRandom(SEED + 1);
    const init = ['init', '--epci', PAYS_BASQUE, '--admin-email', 'admin@paysbasque.fr', '--admin-nom', 'Maite Etxeberria'];
    const duration = await referenceDuration(() => targets.demo(), init);
    const outcomes: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const target = await targets.demo();
      try {
        // Killed somewhere between 5 % and 80 % of an uninterrupted run's time.
        const first = await command(target, init, duration * (0.05 + 0.75 * random()));
        if (!first.killed) expect(first.code, first.output).toBe(0);
        const communesAfterKill = await countCommunes(target);
        expect([0, 158], `essai ${trial} (graine ${SEED}) : import partiel`).toContain(communesAfterKill);
        outcomes.push(first.killed ? (communesAfterKill === 0 ? 'tué avant validation' : 'tué après validation') : 'terminé');
        // Run again: it completes (or says the territory is already there); the PGlite lock of the dead process is taken over.
        const again = await command(target, init, 600_000);
        if (communesAfterKill === 0) expect(again.code, again.output).toBe(0);
        else expect(again.output).toContain('existe déjà');
        expect(await countCommunes(target)).toBe(158);
        const db = await target.open();
        try {
          await chainIntact(db, PAYS_BASQUE);
          await chainIntact(db, DEMO_SIREN);
        } finally {
          await db.close();
        }
      } finally {
        await target.drop();
      }
    }
    report('import de territoire', duration, outcomes);
  }, TRIALS * 240_000 + 300_000);

  it('a restore: after the kill, the territory is absent or identical to the backup, and the restore then completes', async () => {
    const random = seededRandom(SEED + 2);
    const source = await targets.demo();
    const file = path.join(source.dataDir, '..', `demo-${process.pid}.mutualis.gz`);
    let body: string;
    const db = await source.open();
    try {
      const dump = await backupTerritory(db, DEMO_SIREN);
      fs.writeFileSync(file, dump.data);
      body = await bodyOf(db);
    } finally {
      await db.close();
      await source.drop();
    }
    const outcomes: string[] = [];
    try {
      const duration = await referenceDuration(() => targets.empty(), ['restauration', file]);
      for (let trial = 1; trial <= TRIALS; trial++) {
        const target = await targets.empty();
        try {
          const first = await command(target, ['restauration', file], duration * (0.05 + 0.75 * random()));
          if (!first.killed) expect(first.code, first.output).toBe(0);
          const present = await withOpen(target, async (d) => (await d.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, DEMO_SIREN))) !== null);
          outcomes.push(first.killed ? (present ? 'tué après validation' : 'tué avant validation') : 'terminé');
          if (present) expect(await withOpen(target, bodyOf), `essai ${trial} (graine ${SEED}) : restauration partielle`).toBe(body);
          const again = await command(target, ['restauration', file], 600_000);
          if (present) expect(again.output).toContain('existe déjà');
          else expect(again.code, again.output).toBe(0);
          expect(await withOpen(target, bodyOf)).toBe(body);
          await withOpen(target, (d) => chainIntact(d, DEMO_SIREN));
        } finally {
          await target.drop();
        }
      }
      report('restauration', duration, outcomes);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }, TRIALS * 240_000 + 300_000);
});

/** How long the command takes when nothing kills it, on a target of its own (the kill points are drawn within it). */
async function referenceDuration(fresh: () => Promise<Target>, args: string[]): Promise<number> {
  const target = await fresh();
  try {
    const started = performance.now();
    const run = await command(target, args, 600_000);
    expect(run.code, run.output).toBe(0);
    return performance.now() - started;
  } finally {
    await target.drop();
  }
}

/** One line per operation in the test output: where the kills fell. */
function report(operation: string, durationMs: number, outcomes: string[]): void {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  console.log(`${operation} : durée sans arrêt ${(durationMs / 1000).toFixed(1)} s ; ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

async function withOpen<T>(target: Target, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await target.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The backup's content without its header (which carries the date): equal bodies are equal territories. */
async function bodyOf(db: Database): Promise<string> {
  const { data } = await backupTerritory(db, DEMO_SIREN, { now: new Date('2026-01-01T00:00:00Z') });
  const { gunzipSync } = await import('node:zlib');
  return gunzipSync(data).toString('utf8').split('\n').slice(1).join('\n');
}

async function countCommunes(target: Target): Promise<number> {
  return withOpen(target, async (db) => {
    const n = await inTerritory(db, PAYS_BASQUE, (_id, tx) => rows<{ n: number }>(tx, sql`select count(*)::int as n from collectivities where kind = 'commune'`));
    return n?.[0]?.n ?? 0;
  });
}
