import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../demo/service.ts';
import { ROOT, startServer, type RunningServer } from '../../e2e/support/server.ts';
import { reliabilityProfile } from './client.ts';
import type { LoadResult } from './load.ts';
import { prepareTargets, type Target, type Targets } from './targets.ts';

/**
 * Load and soak: the mixed workload of load.ts from a second process against the real server (loopback only,
 * bounded), 0 errors; during the soak the server's resident memory is sampled and must not keep growing.
 */
const PROFILE = reliabilityProfile();
const LOAD = { fast: { users: 20, seconds: 15 }, ci: { users: 50, seconds: 60 }, long: { users: 100, seconds: 60 } }[PROFILE];
const SOAK = { fast: { users: 10, seconds: 20 }, ci: { users: 20, seconds: 120 }, long: { users: 20, seconds: 600 } }[PROFILE];
const admin = DEMO_LOGINS.find((l) => l.role === 'admin')!;
const KIND = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

let targets: Targets;
let target: Target;
let server: RunningServer;
beforeAll(async () => {
  targets = await prepareTargets();
  target = await targets.demo();
  server = await startServer(target.dataDir, 120_000, target.databaseUrl);
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await target?.drop();
  await targets?.close();
});

function load(users: number, seconds: number, seed: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/reliability/load.ts', server.url, String(users), String(seconds), String(seed)], {
      cwd: ROOT,
      env: { ...process.env, MUTUALIS_LOAD_EMAIL: admin.email, MUTUALIS_LOAD_PASSWORD: DEMO_PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), (seconds + 120) * 1000);
    child.once('exit', (code) => {
      clearTimeout(guard);
      if (code !== 0) reject(new Error(`La charge a échoué (code ${code}) :\n${err}\n${out}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult);
    });
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function record(name: string, value: unknown): void {
  const dir = path.join(ROOT, 'tmp', 'reliability');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}-${KIND}.json`), JSON.stringify(value, null, 2));
  console.log(`${name} (${KIND}) : ${JSON.stringify(value)}`);
}

describe(`load and soak on ${KIND} (${PROFILE} profile)`, () => {
  it(`${LOAD.users} concurrent users for ${LOAD.seconds} s: pages, API reads, searches, writes and PDFs, with 0 errors`, async () => {
    const result = await load(LOAD.users, LOAD.seconds, 1);
    record('charge', { users: result.users, seconds: result.seconds, requests: result.requests, errors: result.errors, all: result.all, perKind: result.perKind });
    expect(result.firstErrors).toEqual([]);
    expect(result.errors).toBe(0);
    expect(Object.keys(result.perKind).sort()).toEqual(['document PDF', 'lecture API', 'page', 'recherche', 'écriture']);
    expect(result.requests).toBeGreaterThan(LOAD.users * 5);
    // The server is still answering, and the writes are all there.
    const listed = await fetch(`${server.url}/connexion`);
    expect(listed.status).toBe(200);
  }, (LOAD.seconds + 240) * 1000);

  it(`a soak of ${SOAK.seconds} s keeps the server's memory stable`, async () => {
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMb(server.pid)), 2000);
    let result: LoadResult;
    try {
      result = await load(SOAK.users, SOAK.seconds, 2);
    } finally {
      clearInterval(sampler);
    }
    const quarter = Math.max(1, Math.floor(samples.length / 4));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // After warm-up (the first quarter: caches and JIT), the last quarter stays within 20 % of the second.
    const warm = median(samples.slice(quarter, 2 * quarter));
    const last = median(samples.slice(-quarter));
    record('endurance', { users: SOAK.users, seconds: SOAK.seconds, requests: result.requests, errors: result.errors, p95: result.all.p95, p99: result.all.p99, rssWarmMb: Math.round(warm), rssLastMb: Math.round(last), samples: samples.length });
    expect(result.errors).toBe(0);
    expect(last).toBeLessThan(warm * 1.2);
  }, (SOAK.seconds + 240) * 1000);
});
