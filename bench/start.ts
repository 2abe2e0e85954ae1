import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Row } from './run.ts';
import { median } from './stats.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = 3190;

/** npm start as a user runs it: first start on an empty data folder (demo load), then a restart. */
export async function benchStart(runs: number): Promise<Row[]> {
  const first: number[] = [];
  const again: number[] = [];
  const rssFirst: number[] = [];
  const rssAgain: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutualis-bench-'));
    try {
      for (const [times, rss] of [
        [first, rssFirst],
        [again, rssAgain],
      ] as const) {
        const { ms, rssMb } = await startOnce(dataDir);
        times.push(ms);
        rss.push(rssMb);
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return [
    { workload: 'npm start, first (creates DB, loads demo)', figure: `${(median(first) / 1000).toFixed(1)} s`, note: `RSS ${Math.round(median(rssFirst))} MB when serving` },
    { workload: 'npm start, restart', figure: `${(median(again) / 1000).toFixed(1)} s`, note: `RSS ${Math.round(median(rssAgain))} MB when serving` },
  ];
}

async function startOnce(dataDir: string): Promise<{ ms: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  try {
    await untilServing(child);
    const ms = performance.now() - started;
    const rssKb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)]).toString().trim());
    return { ms, rssMb: rssKb / 1024 };
  } finally {
    await stop(child);
  }
}

async function untilServing(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`le serveur s'est arrêté (code ${child.exitCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/connexion`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('le serveur ne répond pas après 60 s');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
