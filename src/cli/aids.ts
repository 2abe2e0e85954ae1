import fs from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import { describeProblems, ImportError } from '../platform/imports.ts';
import { parisToday } from '../platform/clock.ts';
import * as aids from '../aids/service.ts';
import { cliActor, count, readFileOrRefuse, territoryBySiren, withDatabase } from './context.ts';

const FORMATS = ['csv', 'xlsx', 'json'] as const;

/** mutualis aides importer|exporter|donnees-communes: the guide of aids in bulk, all or nothing. */
export function registerAids(program: Command): void {
  const aidsCommand = program.command('aides').description("le guide des aides financières : import et export (CSV, XLSX, JSON d'Aides-territoires), données des communes");

  aidsCommand
    .command('importer')
    .description("importe des aides depuis un CSV, un XLSX ou un JSON au format d'Aides-territoires, tout ou rien ; les doublons sont mis à jour, les aides échues marquées")
    .argument('<fichier>', 'fichier à importer')
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .action(async (file: string, options: { territoire: string }) => {
      const bytes = readFileOrRefuse(file);
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        try {
          const r = await aids.importSchemes(db, { territoryId: t.id, actor: cliActor() }, new Uint8Array(bytes), parisToday());
          console.log(`${count(r.created, 'aide créée', 'aides créées')}, ${count(r.updated, 'aide mise à jour', 'aides mises à jour')} (doublons reconnus), dont ${count(r.expired, 'échue marquée', 'échues marquées')} comme telle(s).`);
        } catch (error) {
          if (error instanceof ImportError) for (const line of describeProblems(error.problems)) console.error(line);
          throw error;
        }
      });
    });

  aidsCommand
    .command('exporter')
    .description('exporte les aides publiées et échues (pas les brouillons) ; le format suit l’extension du fichier ou --format')
    .argument('<fichier>', 'fichier à écrire (.csv, .xlsx ou .json)')
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .option('--format <format>', `format : ${FORMATS.join(', ')}`)
    .action(async (file: string, options: { territoire: string; format?: string }) => {
      const format = (options.format ?? file.split('.').pop() ?? '').toLowerCase();
      if (!(FORMATS as readonly string[]).includes(format)) throw new UserError(`Format « ${format} » inconnu : choisissez ${FORMATS.join(', ')} (--format ou extension du fichier).`);
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        const bytes = await aids.exportSchemes(db, { territoryId: t.id, actor: cliActor() }, format as (typeof FORMATS)[number], `/t/${t.siren}`, parisToday());
        try {
          fs.writeFileSync(file, bytes);
        } catch (error) {
          throw new UserError(`Impossible d'écrire ${file} : ${(error as Error).message}.`);
        }
        console.log(`Aides de ${t.name} exportées dans ${file} (${format.toUpperCase()}).`);
      });
    });

  aidsCommand
    .command('donnees-communes')
    .description('importe, par commune et par année, le niveau de la grille de densité (1 à 7) et le potentiel financier par habitant (colonnes code_insee ; annee ; niveau_densite ; potentiel_financier), tout ou rien')
    .argument('<fichier>', 'fichier CSV ou XLSX')
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .action(async (file: string, options: { territoire: string }) => {
      const bytes = readFileOrRefuse(file);
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        try {
          const r = await aids.importCommuneFacts(db, { territoryId: t.id, actor: cliActor() }, new Uint8Array(bytes), parisToday());
          console.log(`${count(r.densities, 'niveau de densité', 'niveaux de densité')} et ${count(r.fiscalPotentials, 'potentiel financier', 'potentiels financiers')} importés.`);
        } catch (error) {
          if (error instanceof ImportError) for (const line of describeProblems(error.problems)) console.error(line);
          throw error;
        }
      });
    });
}
