import { describe, expect, it } from 'vitest';
import { buildServer } from './server.tsx';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { auditedInRequest } from '../audit.ts';

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

describe('the audit check of the tests (MUTUALIS_AUDIT_CHECK=1)', () => {
  async function appWith(handler: () => string, notAudited?: string) {
    return buildServer({ db: unusedDb, config }, [
      (a) => {
        a.post('/ecriture', { config: { access: 'public', ...(notAudited ? { notAudited } : {}) } }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return handler();
        });
      },
    ]);
  }

  it('is on in the test suite', () => {
    expect(process.env.MUTUALIS_AUDIT_CHECK).toBe('1');
  });

  it('turns a successful write without an audit entry into a 500 naming the route', async () => {
    const app = await appWith(() => 'rien');
    const response = await app.inject({ method: 'POST', url: '/ecriture' });
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe("Contrôle d'audit : POST /ecriture a répondu 200 sans écrire d'entrée dans le journal d'audit.");
    await app.close();
  });

  it('lets through a write that recorded an entry (counted across awaits), and a route declared not audited', async () => {
    const audited = await appWith(() => {
      auditedInRequest.getStore()!.calls += 1;
      return 'écrit';
    });
    expect((await audited.inject({ method: 'POST', url: '/ecriture' })).statusCode).toBe(200);
    await audited.close();
    const exempt = await appWith(() => 'session', 'ouvre une session');
    expect((await exempt.inject({ method: 'POST', url: '/ecriture' })).statusCode).toBe(200);
    await exempt.close();
  });
});

describe('numbers', () => {
  it('refuses "1e309" (Infinity once coerced) in an integer parameter, a query and a JSON body, naming the field', async () => {
    const { Type } = await import('@sinclair/typebox');
    const app = await buildServer({ db: unusedDb, config }, [
      (a) => {
        a.get('/annee/:year', { config: { access: 'public' }, schema: { params: Type.Object({ year: Type.Integer() }) } }, async () => 'ok');
        a.get('/liste', { config: { access: 'public' }, schema: { querystring: Type.Object({ n: Type.Number() }) } }, async () => 'ok');
      },
    ]);
    const param = await app.inject({ method: 'GET', url: '/annee/1e309' });
    expect(param.statusCode).toBe(400);
    expect(param.body).toContain("Le paramètre d'adresse « year » n'est pas un nombre fini.");
    const query = await app.inject({ method: 'GET', url: '/liste?n=-1e400' });
    expect(query.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/annee/2019' })).statusCode).toBe(200);
    await app.close();
  });
});
