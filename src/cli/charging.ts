import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import { GLOBAL_SCOPE, type Database } from '../platform/db/database.ts';
import { listTerritories, type TerritoryRef } from '../platform/tenants.ts';
import { formatCents } from '../platform/format.ts';
import { cliActor, count, territoryBySiren, withDatabase } from './context.ts';
import { progressBar } from './progress.ts';

async function territoryOf(db: Database, siren: string | undefined): Promise<TerritoryRef> {
  if (siren) return territoryBySiren(db, siren);
  const all = await db.transaction(GLOBAL_SCOPE, (tx) => listTerritories(tx));
  if (all.length === 1) return all[0]!;
  throw new UserError(all.length === 0 ? 'Aucun territoire dans cette base.' : `La base contient ${count(all.length, 'territoire')} : précisez --territoire <siren> (« mutualis territoires » les liste).`);
}

function yearOf(text: string | undefined): number {
  if (!text || !/^\d{4}$/.test(text)) throw new UserError(`--year doit être une année sur 4 chiffres${text ? `, reçu « ${text} »` : ''}.`);
  return Number(text);
}

const PHASE_OPTIONS: Record<string, 'provisional' | 'final'> = { provisional: 'provisional', previsionnel: 'provisional', final: 'final', definitif: 'final' };

export function registerCharging(program: Command): void {
  program
    .command('charge')
    .description('calcule la refacturation des services mutualisés de l’année (nouvelle version), et la valide avec --validate')
    .option('--year <année>', 'année (ex. 2019)')
    .option('--phase <phase>', 'provisional (budget) ou final (compte administratif)', 'final')
    .option('--validate', 'valide la version calculée (immuable ensuite ; retenues sur AC inscrites)')
    .option('--territoire <siren>', 'SIREN du territoire (facultatif si la base n’en a qu’un)')
    .action(async (options: { year?: string; phase: string; validate?: boolean; territoire?: string }) => {
      const year = yearOf(options.year);
      const phase = PHASE_OPTIONS[options.phase];
      if (!phase) throw new UserError(`--phase doit être provisional ou final, reçu « ${options.phase} ».`);
      const charging = await import('../charging/service.ts');
      await withDatabase(async (db) => {
        const t = await territoryOf(db, options.territoire);
        const ctx = { territoryId: t.id, actor: cliActor() };
        const bar = progressBar('Calcul');
        const run = await charging.runCharging(db, ctx, year, phase, (done, total) => bar.update(done, total, 'lignes enregistrées'));
        bar.stop();
        process.stdout.write(`${t.name}, ${year} ${phase === 'final' ? 'définitif' : 'prévisionnel'} : version ${run.version}, ${formatCents(run.totalCents)} refacturés.\n`);
        if (options.validate) {
          await charging.validateRun(db, ctx, run.id, new Date().toISOString());
          process.stdout.write(`Version ${run.version} validée : elle ne peut plus changer.\n`);
        }
      });
    });

  program
    .command('statements')
    .description('écrit l’état de refacturation (PDF) de chaque collectivité participante pour la dernière version de l’année')
    .option('--year <année>', 'année (ex. 2019)')
    .option('--phase <phase>', 'provisional ou final', 'final')
    .option('--out <dossier>', 'dossier où écrire les PDF', '.')
    .option('--territoire <siren>', 'SIREN du territoire (facultatif si la base n’en a qu’un)')
    .action(async (options: { year?: string; phase: string; out: string; territoire?: string }) => {
      const year = yearOf(options.year);
      const phase = PHASE_OPTIONS[options.phase];
      if (!phase) throw new UserError(`--phase doit être provisional ou final, reçu « ${options.phase} ».`);
      const charging = await import('../charging/service.ts');
      const { statementPdf } = await import('../charging/documents.ts');
      await withDatabase(async (db) => {
        const t = await territoryOf(db, options.territoire);
        const ctx = { territoryId: t.id, actor: cliActor() };
        const run = (await charging.listRuns(db, ctx, year)).find((r) => r.phase === phase);
        if (!run) throw new UserError(`Aucun calcul ${phase === 'final' ? 'définitif' : 'prévisionnel'} pour ${year} : lancez « mutualis charge --year ${year} --phase ${phase} ».`);
        const participants = [...new Set((await charging.runStatementLines(db, ctx, run.id)).map((l) => l.collectivityId))];
        fs.mkdirSync(options.out, { recursive: true });
        const bar = progressBar('États');
        let n = 0;
        for (const collectivityId of participants) {
          const doc = await statementPdf(db, ctx, t.name, run.id, collectivityId, charging.EVERYONE);
          fs.writeFileSync(path.join(options.out, doc.filename), doc.bytes);
          bar.update(++n, participants.length, doc.filename);
        }
        bar.stop();
        process.stdout.write(`${count(participants.length, 'état écrit', 'états écrits')} dans ${options.out} (version ${run.version}).\n`);
      });
    });
}
