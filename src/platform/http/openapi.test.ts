import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildServer } from './server.tsx';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { generateOpenApi, OPENAPI_FILE } from './openapi.ts';
import { plugins } from '../../app.ts';

describe('OpenAPI contract', () => {
  it('docs/openapi.json is what the routes describe (run `npm run openapi` after an API change)', async () => {
    const generated = await generateOpenApi(plugins);
    expect(JSON.parse(generated).paths['/api/t/{siren}/communes']).toBeDefined();
    expect(generated).toBe(fs.readFileSync(OPENAPI_FILE, 'utf8'));
  });

  it('Swagger UI loads its scripts from files under the site’s own CSP (no upgrade to https on a plain-HTTP host)', async () => {
    const app = await buildServer({ db: {} as Database, config: loadConfig({ LOG_LEVEL: 'silent' }) }, []);
    try {
      const site = (await app.inject({ method: 'GET', url: '/static/app.css' })).headers['content-security-policy'];
      for (const url of ['/api/docs', '/api/docs/']) {
        const page = await app.inject({ method: 'GET', url });
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-security-policy']).toBe(site);
        expect(String(site)).toContain("script-src 'self';");
        expect(String(site)).not.toContain('upgrade-insecure-requests');
        // Every script is a file of the same origin: none inline, none elsewhere.
        const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
        expect(scripts.length).toBeGreaterThan(0);
        for (const [, attributes, inline] of scripts) {
          const src = /src="(?:\.\/|\/api\/docs\/)(static\/[\w.-]+\.js)"/.exec(attributes!)?.[1];
          expect(src, attributes).toBeDefined();
          expect(inline!.trim()).toBe('');
          expect((await app.inject({ method: 'GET', url: `/api/docs/${src!}` })).statusCode).toBe(200);
        }
      }
      const initializer = await app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
      expect(initializer.statusCode).toBe(200);
      expect(initializer.body).toContain('"layout":"BaseLayout"');
    } finally {
      await app.close();
    }
  });
});
