import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from './server.tsx';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { plugins } from '../../app.ts';

export const OPENAPI_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/openapi.json');

/** The OpenAPI document of the JSON API, as the routes' schemas describe it (no database needed). */
export async function generateOpenApi(): Promise<string> {
  const unusedDb = {} as Database;
  const app = await buildServer({ db: unusedDb, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  await app.ready();
  const spec = app.swagger();
  await app.close();
  return JSON.stringify(spec, null, 2) + '\n';
}

// npx tsx src/platform/http/openapi.ts --write: rewrites docs/openapi.json after an API change.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  fs.writeFileSync(OPENAPI_FILE, await generateOpenApi());
  console.log(`${OPENAPI_FILE} réécrit.`);
}
