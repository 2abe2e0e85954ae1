import { writeFileSync } from 'node:fs';
import { dirname, basename, extname, join } from 'node:path';
import type { Command } from 'commander';
import { parisToday } from '../platform/clock.ts';
import { closePdfWorkers } from '../platform/documents/index.ts';
import { UserError } from '../platform/http/errors.ts';
import * as deliberations from '../deliberations/service.ts';
import { extractPdf } from '../deliberations/extract.ts';
import { yearReport } from '../report/service.ts';
import { reportDocx, reportPdf } from '../report/documents.ts';
import { attachReportToDeliberation } from '../report/attach.ts';
import { GLOBAL_SCOPE, type Database } from '../platform/db/database.ts';
import { listTerritories, type TerritoryRef } from '../platform/tenants.ts';
import { cliActor, count, territoryBySiren, withDatabase } from './context.ts';

/** --territoire, or the only territory of the base. */
async function territoryOf(db: Database, siren: string | undefined): Promise<TerritoryRef> {
  if (siren) return territoryBySiren(db, siren);
  const all = await db.transaction(GLOBAL_SCOPE, (tx) => listTerritories(tx));
  if (all.length === 1) return all[0]!;
  throw new UserError(all.length === 0 ? 'Aucun territoire dans cette base.' : `La base contient ${count(all.length, 'territoire')} : précisez --territoire <siren>.`);
}

interface Options {
  territoire?: string;
  year: string;
  format: string;
  out: string;
  deliberation?: string;
  bundle?: boolean;
}

/** mutualis report: the yearly progress report as PDF or DOCX, attached to the deliberation that takes note of it. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('le rapport d’avancement du schéma de mutualisation (CGCT L5211-39-1) d’une année, en PDF ou DOCX')
    .option('--territoire <siren>', 'SIREN du territoire (facultatif si la base n’en a qu’un)')
    .requiredOption('--year <année>', 'année du rapport (il couvre les données jusqu’au 31 décembre de l’année précédente)')
    .option('--format <format>', 'pdf ou docx', 'pdf')
    .requiredOption('--out <fichier>', 'fichier à écrire')
    .option('--deliberation <numéro>', 'joint le rapport (PDF) en annexe de cette délibération, qui en prend acte (ex. 2020.00079)')
    .option('--bundle', 'écrit aussi l’extrait du registre de la délibération à côté du rapport (avec --deliberation)')
    .action(async (options: Options) => {
      const year = Number(options.year);
      if (!/^\d{4}$/.test(options.year)) throw new UserError('--year doit être une année sur quatre chiffres, par exemple 2020.');
      if (options.format !== 'pdf' && options.format !== 'docx') throw new UserError('--format doit valoir pdf ou docx.');
      if (options.bundle && !options.deliberation) throw new UserError('--bundle demande --deliberation : l’extrait est celui de la délibération qui prend acte du rapport.');
      await withDatabase(async (db) => {
        const t = await territoryOf(db, options.territoire);
        const ctx = { territoryId: t.id, actor: cliActor() };
        const today = parisToday();
        if (options.deliberation && !(await deliberations.findDeliberation(db, ctx, { number: options.deliberation }))) throw new UserError(`Aucune délibération n° ${options.deliberation} dans le territoire ${t.name}.`);
        try {
          const report = await yearReport(db, ctx, year);
          const bytes = options.format === 'pdf' ? await reportPdf(report, today) : await reportDocx(report);
          writeFileSync(options.out, bytes);
          console.error(`Rapport ${year} de ${t.name} écrit dans ${options.out} (${options.format.toUpperCase()}).`);
          if (options.deliberation) {
            const attached = await attachReportToDeliberation(db, ctx, year, options.deliberation, today);
            console.error(`Rapport joint en annexe de la délibération n° ${options.deliberation} (${attached.filename}).`);
            if (options.bundle) {
              const d = (await deliberations.findDeliberation(db, ctx, { number: options.deliberation }))!;
              const extract = await extractPdf(db, ctx, d.id);
              const path = join(dirname(options.out), `${basename(options.out, extname(options.out))}-${extract.filename}`);
              writeFileSync(path, extract.bytes);
              console.error(`Extrait du registre écrit dans ${path}.`);
            }
          }
        } finally {
          await closePdfWorkers();
        }
      });
    });
}
