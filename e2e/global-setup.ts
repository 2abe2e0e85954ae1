import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { CHROMIUM } from './support/browser.ts';
import { startServer, tempDir } from './support/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite data folder with the demo territory loaded, copied by each e2e file. */
    e2eTemplateDir: string;
  }
}

/** Loads the demo territory once, through the real server's first start, for all e2e files to copy. */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium introuvable (${CHROMIUM}) : installez le paquet Debian « chromium » (apt-get install chromium).`);
  }
  const dir = tempDir('mutualis-e2e-template-');
  try {
    const server = await startServer(dir, 120_000);
    await server.stop();
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('e2eTemplateDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
