import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, type Plugin } from './server.tsx';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';

/** Where the committed contract lives; `npm run openapi` rewrites it, a test compares. */
export const OPENAPI_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/openapi.json');

/** The OpenAPI document of the JSON API, as the plugins' route schemas describe it (no database needed). */
export async function generateOpenApi(plugins: readonly Plugin[]): Promise<string> {
  const unusedDb = {} as Database;
  const app = await buildServer({ db: unusedDb, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
  await app.ready();
  const spec = app.swagger();
  await app.close();
  return JSON.stringify(spec, null, 2) + '\n';
}
