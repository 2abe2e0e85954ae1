import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../platform/db/database.ts';
import { verifyAuditChain } from '../platform/audit-verify.ts';
import { findTerritoryBySiren } from '../platform/tenants.ts';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_SIREN } from '../demo/service.ts';
import { startServer, type RunningServer } from '../../e2e/support/server.ts';
import { HttpClient } from './client.ts';

/**
 * Disk and database faults: a data folder on a small tmpfs that fills up, and (PostgreSQL) the server stopped while
 * requests are in flight. Every answer is a success or a French 503, never a 500; nothing acknowledged is lost; the
 * application recovers by itself when the resource returns; the audit chain verifies. Needs root (mount, runuser),
 * as CI and the developers' machines have.
 */
const KIND = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const admin = DEMO_LOGINS.find((l) => l.role === 'admin')!;
const SIZE_MB = 160;

/** A private PostgreSQL cluster whose data lives on the tmpfs, on its own port: stopping it touches no other test. */
interface Cluster {
  readonly url: string;
  start(): void;
  stop(): void;
}

function pgBin(name: string): string {
  const version = fs.readdirSync('/usr/lib/postgresql').sort().pop()!;
  return `/usr/lib/postgresql/${version}/bin/${name}`;
}

function privateCluster(dir: string, port: number): Cluster {
  fs.mkdirSync(dir);
  execSync(`chown postgres: ${dir}`);
  const asPostgres = (bin: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', pgBin(bin), ...args], { stdio: 'pipe' });
  asPostgres('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => void asPostgres('pg_ctl', ['-D', dir, '-o', `-p ${port} -k /tmp -c fsync=off`, '-l', path.join(dir, '..', 'pg.log'), '-w', 'start']),
    stop: () => void asPostgres('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']),
  };
  cluster.start();
  return cluster;
}

let mountPoint: string;
let cluster: Cluster | null = null;
let server: RunningServer;
let client: HttpClient;

beforeAll(async () => {
  mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-disque-'));
  execSync(`mount -t tmpfs -o size=${SIZE_MB}m tmpfs ${mountPoint}`);
  const dataDir = path.join(mountPoint, 'donnees');
  fs.mkdirSync(dataDir);
  if (KIND === 'PostgreSQL') cluster = privateCluster(path.join(mountPoint, 'pg'), 5400 + (process.pid % 500));
  server = await startServer(dataDir, 180_000, cluster?.url ?? '');
  client = await HttpClient.signIn(server.url, admin.email, DEMO_PASSWORD);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  try {
    cluster?.stop();
  } catch {
    /* already stopped */
  }
  execSync(`umount ${mountPoint}`);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

async function write(name: string): Promise<{ status: number; body: unknown }> {
  return client.request('POST', `/api/t/${DEMO_SIREN}/collectivites`, { kind: 'syndicate', name });
}

async function listedNames(): Promise<string[]> {
  const r = await client.request('GET', `/api/t/${DEMO_SIREN}/collectivites`);
  return (r.body as { name: string }[]).map((c) => c.name);
}

const DISK_FULL = 'Le serveur manque de ressources (espace disque ou mémoire) : rien n’a été enregistré. Réessayez plus tard ou prévenez l’administrateur.';
const DATABASE_DOWN = 'La base de données est momentanément indisponible : rien n’a été enregistré. Réessayez dans quelques instants.';

describe(`disk and database faults on ${KIND}`, () => {
  it('a full disk: writes are refused with a French 503, pages still answer, and writing works again once space is freed', async () => {
    expect((await write('Avant le disque plein')).status).toBe(201);
    const filler = path.join(mountPoint, 'remplissage');
    try {
      execSync(`dd if=/dev/zero of=${filler} bs=1M status=none`, { stdio: 'ignore' });
    } catch {
      /* dd stops when the disk is full: that is the point */
    }
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push({ name: `Disque plein ${i}`, ...(await write(`Disque plein ${i}`)) });
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.length, 'le disque plein n’a refusé aucune écriture').toBeGreaterThan(0);
    for (const a of refused) {
      expect(a.status).toBe(503);
      expect(a.body).toEqual({ error: DISK_FULL });
    }
    const page = await client.page(`/t/${DEMO_SIREN}`);
    expect([200, 503]).toContain(page.status);
    fs.rmSync(filler);
    expect((await write('Après le disque plein')).status).toBe(201);
    const names = await listedNames();
    for (const a of answers) expect(names.includes(a.name), a.name).toBe(a.status === 201);
    expect(names).toContain('Après le disque plein');
  }, 180_000);

  // The database server's own fault exists only on PostgreSQL (PGlite runs inside the application's process).
  if (KIND === 'PostgreSQL') it('PostgreSQL stopped during requests: each answer is done or a French 503, and the server recovers when it restarts', async () => {
    const answers: { name: string; status: number; body: unknown }[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `Coupure ${w}-${i}`;
        // A connection cut by the server itself (it crashed) is a failure too: recorded as status 0.
        answers.push({ name, ...(await write(name).catch((error: unknown) => ({ status: 0, body: String(error) }))) });
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    cluster!.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    stop = true;
    await Promise.all(writers);
    const down = answers.filter((a) => a.status !== 201);
    expect(down.length, 'aucune requête n’a vu la base arrêtée').toBeGreaterThan(0);
    for (const a of down) {
      expect(a.status, `${JSON.stringify(a.body)}\n${server.output().slice(-3000)}`).toBe(503);
      expect(a.body).toEqual({ error: DATABASE_DOWN });
    }
    const page = await client.page(`/t/${DEMO_SIREN}`);
    expect(page.status).toBe(503);
    cluster!.start();
    expect((await write('Après la coupure')).status).toBe(201);
    const names = await listedNames();
    for (const a of answers) if (a.status === 201) expect(names, a.name).toContain(a.name);
  }, 180_000);

  it('after the faults, the audit chain verifies', async () => {
    await server.stop();
    const db = await createDatabase(cluster ? { url: cluster.url, migrate: false } : { dataDir: server.dataDir });
    try {
      const territory = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, DEMO_SIREN));
      const report = await verifyAuditChain(db, territory!.id);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      await db.close();
    }
  }, 120_000);
});
