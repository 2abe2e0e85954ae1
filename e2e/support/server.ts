import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A real Mutualis server (npm start's entry point) running as a child process. */
export interface RunningServer {
  readonly url: string;
  readonly dataDir: string;
  readonly pid: number;
  /** What the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** kill -9: the process dies where it stands, as in a power cut. */
  kill(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `src/main.ts` on a free port over dataDir (PGlite, unless `databaseUrl` is given) and waits until it answers.
 * The first start on an empty folder migrates and loads the demo territory (about 5 s).
 */
export async function startServer(dataDir: string, timeoutMs = 60_000, databaseUrl = ''): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', SECURE_COOKIES: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Should the test process die first, its server does not outlive it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(killer);
    }
  };
  const kill = async () => {
    child.kill('SIGKILL');
    await exited(child);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Le serveur s'est arrêté au démarrage (code ${child.exitCode}) :\n${output}`);
    try {
      const response = await fetch(`${url}/connexion`, { redirect: 'manual' });
      if (response.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Le serveur n'a pas répondu en ${timeoutMs / 1000} s :\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, dataDir, pid: child.pid!, output: () => output, stop, kill };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A server over a copy of the demo data folder the global setup prepared: each test file gets its own data and rate limits. */
export async function startServerFromTemplate(templateDir: string): Promise<RunningServer> {
  const dataDir = tempDir('mutualis-e2e-');
  fs.cpSync(templateDir, dataDir, { recursive: true });
  const server = await startServer(dataDir);
  return {
    ...server,
    stop: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
