import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from './platform/db/database.ts';
import { testDatabase, testDatabaseKind } from './platform/db/testing.ts';
import { loadConfig } from './platform/config.ts';
import { buildServer, type App, type RouteEntry } from './platform/http/server.tsx';
import { TestClient } from './platform/http/testing.ts';
import { LEAK_PATTERNS, MALFORMED_BODIES, mutateForm, mutateObject, NASTY_STRINGS, pick, seededRng, type Rng } from './platform/http/hostile.ts';
import { TERRITORY_TABLES_QUERY } from './platform/db/tenancy-check.ts';
import { plugins } from './app.ts';
import { DEMO_PASSWORD, DEMO_SIREN, loadDemo } from './demo/service.ts';
import { SESSION_COOKIE } from './access/guard.tsx';

const REQUESTS = Number(process.env.HOSTILE_REQUESTS ?? 2000);
const SEED = Number(process.env.HOSTILE_SEED ?? 20200127);
// Logging out would end the fuzzing session; it takes no input to fuzz anyway.
const EXCLUDED = new Set(['POST /deconnexion']);

/** Percent-encodes, and sends a lone surrogate as invalid UTF-8 bytes rather than failing. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

describe(`hostile input on ${testDatabaseKind}`, () => {
  let db: Database;
  let app: App;
  let client: TestClient;
  let csrf: string;
  let territoryId: string;

  async function snapshot(): Promise<string> {
    const tables = await db.transaction({ territoryId, personId: null }, (tx) => rows<{ table: string }>(tx, TERRITORY_TABLES_QUERY));
    // One statement for every table: the snapshot runs after each write, and a round trip per table adds up.
    const names = [...tables.map((t) => t.table), 'territories', 'people', 'api_tokens'];
    const counts = await db.transaction({ territoryId, personId: null }, async (tx) =>
      (await rows<Record<string, number>>(tx, sql.raw(`select ${names.map((t) => `(select count(*)::int from ${t}) as "${t}"`).join(', ')}`)))[0]!,
    );
    return JSON.stringify(counts);
  }

  beforeAll(async () => {
    db = await testDatabase();
    territoryId = (await loadDemo(db))!.id;
    app = await buildServer({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) }, plugins);
    await app.ready();
    client = new TestClient(app);
    await client.login('admin@demo.mutualis.fr', DEMO_PASSWORD);
    csrf = await client.csrfFrom(`/t/${DEMO_SIREN}/collectivites`);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  function fillUrl(route: RouteEntry, rng: Rng): string {
    return route.url.replace(/:(\w+)/g, (_, name: string) => {
      if (name === 'siren') return rng() < 0.9 ? DEMO_SIREN : encode(pick(rng, NASTY_STRINGS).slice(0, 200));
      if (name === 'insee' && rng() < 0.5) return pick(rng, ['42218', '42207', '2A004', '00000']);
      return encode(pick(rng, NASTY_STRINGS).slice(0, 300)) || 'x';
    });
  }

  function query(route: RouteEntry, rng: Rng): string {
    const schema = route.schema.querystring as Parameters<typeof mutateForm>[0];
    if (!schema || rng() < 0.3) return rng() < 0.2 ? `?${encode(pick(rng, NASTY_STRINGS).slice(0, 500))}=1` : '';
    return '?' + new URLSearchParams(mutateForm(schema, rng)).toString();
  }

  it(`answers ${REQUESTS} hostile requests without a 5xx, a leak, or a partial write`, async () => {
    const rng = seededRng(SEED);
    const routes = app.routeInventory.filter((r) => !EXCLUDED.has(`${r.method} ${r.url}`));
    expect(routes.length).toBeGreaterThan(5);
    let before = await snapshot();
    const failures: string[] = [];
    for (let i = 0; i < REQUESTS && failures.length < 10; i++) {
      const route = pick(rng, routes);
      const url = fillUrl(route, rng) + query(route, rng);
      const headers: Record<string, string> = { cookie: `${SESSION_COOKIE}=${client.cookie(SESSION_COOKIE)}; _csrf_secret=${client.cookie('_csrf_secret')}` };
      let payload: string | undefined;
      if (route.method !== 'GET') {
        if (rng() < 0.15) {
          const malformed = pick(rng, MALFORMED_BODIES);
          headers['content-type'] = malformed.contentType;
          headers['x-csrf-token'] = csrf;
          payload = malformed.payload;
        } else if (route.hidden) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          payload = new URLSearchParams({ ...mutateForm(route.schema.body as Parameters<typeof mutateForm>[0], rng), _csrf: csrf }).toString();
        } else {
          headers['content-type'] = 'application/json';
          headers['x-csrf-token'] = csrf;
          payload = JSON.stringify(mutateObject(route.schema.body as Parameters<typeof mutateObject>[0], rng));
        }
      }
      const response = await app.inject({ method: route.method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
      const label = `#${i} ${route.method} ${url.slice(0, 120)} → ${response.statusCode}`;
      if (response.statusCode >= 500) failures.push(`${label}: ${response.body.slice(0, 300)}`);
      const leak = LEAK_PATTERNS.find((p) => p.test(response.body));
      if (leak) failures.push(`${label}: fuite ${leak} dans ${response.body.slice(0, 300)}`);
      if (route.method !== 'GET') {
        const after = await snapshot();
        if (response.statusCode >= 400 && after !== before) failures.push(`${label}: écriture partielle malgré le refus`);
        before = after;
      }
    }
    expect(failures).toEqual([]);
  }, Math.max(300_000, REQUESTS * 100)); // ~10 ms a request on a quiet machine (heavier pages and more tables counted after each write since procurement); room for a loaded one
});
