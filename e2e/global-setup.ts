import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { CHROMIUM } from './support/browser.ts';
import { ROOT, startServer, tempDir } from './support/server.ts';
import { DEMO_SIREN, SECOND_TERRITORY, TWO_TERRITORIES } from './support/accounts.ts';

/** Runs the mutualis command (bin/mutualis.js) on the data folder. */
async function mutualis(dataDir: string, args: string[]): Promise<void> {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', MUTUALIS_PASSWORD: TWO_TERRITORIES.password, LOG_LEVEL: 'warn' };
  try {
    await promisify(execFile)(process.execPath, ['bin/mutualis.js', ...args], { cwd: ROOT, env });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`mutualis ${args.join(' ')} a échoué :\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite data folder with the demo territory loaded, copied by each e2e file. */
    e2eTemplateDir: string;
  }
}

/**
 * Loads the demo territory once, through the real server's first start, then adds a second territory with
 * the CLI; every e2e file copies the folder.
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium introuvable (${CHROMIUM}) : installez le paquet Debian « chromium » (apt-get install chromium).`);
  }
  const dir = tempDir('mutualis-e2e-template-');
  try {
    const server = await startServer(dir, 120_000);
    await server.stop();
    // A second territory, through the CLI as an installer would, and one person with a role in both.
    const admin = TWO_TERRITORIES;
    await mutualis(dir, ['init', '--epci', SECOND_TERRITORY.siren, '--admin-email', admin.email, '--admin-nom', admin.displayName]);
    await mutualis(dir, ['utilisateurs', 'ajouter', '--territoire', DEMO_SIREN, '--email', admin.email, '--nom', admin.displayName, '--role', 'reader']);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('e2eTemplateDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
