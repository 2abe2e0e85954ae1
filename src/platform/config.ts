import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL server; absent → embedded PGlite in dataDir. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Cookies marked Secure (set behind HTTPS). */
  readonly secureCookies: boolean;
  readonly logLevel: string;
}

export class ConfigError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`La variable d'environnement ${name} doit être un entier entre ${min} et ${max} (reçu « ${raw} »).`);
  }
  return value;
}

/** Reads and validates the environment once, at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('La variable DATABASE_URL doit commencer par postgres:// ou postgresql://.');
  }
  // Requests are logged from 'info' on; the default keeps the terminal to warnings and the start banner.
  const logLevel = env.LOG_LEVEL ?? 'warn';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`La variable LOG_LEVEL ne prend pas la valeur « ${logLevel} ».`);
  }
  return {
    port: integer('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    secureCookies: env.SECURE_COOKIES === '1' || env.SECURE_COOKIES === 'true',
    logLevel,
  };
}

/**
 * Tests set MUTUALIS_AUDIT_CHECK=1: then a write request that succeeds without recording any audit entry is turned
 * into a 500, so every test that writes through a route also proves that the write is audited.
 */
export function auditCheckEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MUTUALIS_AUDIT_CHECK === '1';
}
