import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApi, OPENAPI_FILE } from './openapi.ts';

describe('OpenAPI contract', () => {
  it('docs/openapi.json is what the routes describe (run `npx tsx src/platform/http/openapi.ts --write` after an API change)', async () => {
    const generated = await generateOpenApi();
    expect(JSON.parse(generated).paths['/api/t/{siren}/communes']).toBeDefined();
    expect(generated).toBe(fs.readFileSync(OPENAPI_FILE, 'utf8'));
  });
});
