import { describe, expect, it } from 'vitest';
import { buildServer } from './server.tsx';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';

// Building the server touches no database: a stand-in that fails if called.
const unusedDb = new Proxy({}, { get: () => () => Promise.reject(new Error('database not expected')) }) as Database;
const config = loadConfig({ LOG_LEVEL: 'silent' });

describe('route declarations', () => {
  it('refuses to start with a route that does not declare who may call it', async () => {
    await expect(
      buildServer({ db: unusedDb, config }, [
        (app) => {
          app.get('/oubli', async () => 'ok');
        },
      ]).then((app) => app.ready()),
    ).rejects.toThrow(/GET \/oubli ne déclare pas qui peut l'appeler/);
  });

  it('starts when every route declares it', async () => {
    const app = await buildServer({ db: unusedDb, config }, [
      (a) => {
        a.get('/declaree', { config: { access: 'public' } }, async () => 'ok');
      },
    ]);
    await app.ready();
    expect(app.routeInventory).toEqual([{ method: 'GET', url: '/declaree', access: 'public', hidden: false, schema: {} }]);
    await app.close();
  });
});
