import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError } from './platform/config.ts';
import { createDatabase } from './platform/db/database.ts';
import { acquireLock, LockError } from './platform/db/lock.ts';
import { buildServer } from './platform/http/server.tsx';
import { TenancyError } from './platform/db/tenancy-check.ts';
import { plugins } from './app.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_SIREN, loadDemo } from './demo/service.ts';
import { ROLE_LABELS } from './access/model.ts';

/** npm start: opens (or creates) the database, loads the demo territory the first time, serves. */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const url = `http://${['0.0.0.0', '127.0.0.1', '::'].includes(config.host) ? 'localhost' : config.host}:${config.port}`;
  const release = config.databaseUrl ? () => undefined : acquireLock(config.dataDir, { pid: process.pid, kind: 'serveur', url });
  const open = () => createDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  const fresh = !config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'PG_VERSION'));
  let db = await open();
  const demo = await loadDemo(db);
  if (fresh) {
    // Creating a PGlite cluster (initdb) grows its WASM memory to ~900 MB, which is never given back: reopen.
    await db.close();
    db = await open();
  }
  const app = await buildServer({ db, config }, plugins);
  const database = db;
  const stop = async () => {
    await app.close();
    await database.close();
    release();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen({ port: config.port, host: config.host });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
  console.log(`\nMutualis est prêt sur ${url}/t/${DEMO_SIREN} — base ${where}, démarré en ${seconds} s${demo ? ', territoire de démonstration chargé' : ''}.`);
  console.log(`Comptes de démonstration (mot de passe « ${DEMO_PASSWORD} ») :`);
  for (const login of DEMO_LOGINS) console.log(`  ${login.email.padEnd(34)} ${ROLE_LABELS[login.role]}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof LockError || error instanceof TenancyError) {
    console.error(`Mutualis ne peut pas démarrer : ${error.message}`);
  } else {
    console.error('Mutualis ne peut pas démarrer :', error);
  }
  process.exit(1);
});
