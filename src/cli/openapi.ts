import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { generateOpenApi, OPENAPI_FILE } from '../platform/http/openapi.ts';
import { plugins } from '../app.ts';

/** `mutualis openapi [--out fichier]`: writes the API contract (npm run openapi, after an API change). */
export function registerOpenapi(program: Command): void {
  program
    .command('openapi')
    .description("écrit la description OpenAPI de l'API JSON (docs/openapi.json par défaut)")
    .option('--out <fichier>', 'fichier à écrire', OPENAPI_FILE)
    .action(async (options: { out: string }) => {
      const file = path.resolve(options.out);
      fs.writeFileSync(file, await generateOpenApi(plugins));
      console.log(`${file} réécrit.`);
    });
}
