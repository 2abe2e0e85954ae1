import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import { GLOBAL_SCOPE, type Database } from '../platform/db/database.ts';
import { listTerritories, type TerritoryRef } from '../platform/tenants.ts';
import { parisToday } from '../platform/clock.ts';
import { cliActor, count, readFileOrRefuse, territoryBySiren, withDatabase } from './context.ts';

/** The command group of that name, shared with other modules' subcommands (export comptable, import…). */
function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/** --territoire, or the only territory of the base. */
async function territoryOf(db: Database, siren: string | undefined): Promise<TerritoryRef> {
  if (siren) return territoryBySiren(db, siren);
  const all = await db.transaction(GLOBAL_SCOPE, (tx) => listTerritories(tx));
  if (all.length === 1) return all[0]!;
  throw new UserError(all.length === 0 ? 'Aucun territoire dans cette base.' : `La base contient ${count(all.length, 'territoire')} : précisez --territoire <siren> (« mutualis territoires » les liste).`);
}

interface ExportOptions {
  annee?: string;
  year?: string;
  territoire?: string;
  acheteur?: string;
  sortie?: string;
}

export function registerDecp(program: Command): void {
  group(program, 'export', 'exporte des données dans un format officiel (decp)')
    .command('decp')
    .description("données essentielles des marchés (DECP 2.0.3, JSON) notifiés dans l'année que chaque acheteur du territoire doit publier ; sous le seuil en vigueur, non exportés")
    .option('--annee <année>', 'année de notification (ex. 2019)')
    .addOption(new Option('--year <année>', 'synonyme de --annee').hideHelp())
    .option('--territoire <siren>', 'SIREN du territoire (facultatif si la base n’en a qu’un)')
    .option('--acheteur <siret>', "SIRET d'un seul acheteur")
    .option('--sortie <fichier>', 'fichier à écrire (par défaut : la sortie standard)')
    .action(async (options: ExportOptions) => {
      const year = options.annee ?? options.year;
      if (!year || !/^\d{4}$/.test(year)) throw new UserError(`--annee doit être une année sur 4 chiffres${year ? `, reçu « ${year} »` : ''}.`);
      if (options.acheteur && !/^\d{14}$/.test(options.acheteur)) throw new UserError(`--acheteur doit être un SIRET de 14 chiffres, reçu « ${options.acheteur} ».`);
      // Loaded on use: the other commands start without the procurement module and its schema validator.
      const { exportDecp } = await import('../procurement/decp-service.ts');
      await withDatabase(async (db) => {
        const t = await territoryOf(db, options.territoire);
        const result = await exportDecp(db, { territoryId: t.id, actor: cliActor() }, { year: Number(year), buyerSiret: options.acheteur ?? null, today: parisToday() });
        const json = JSON.stringify(result.document, null, 2) + '\n';
        if (options.sortie) fs.writeFileSync(options.sortie, json);
        else process.stdout.write(json);
        // The summary goes to stderr, so that the JSON on stdout can be piped as is.
        process.stderr.write(`${t.name}, ${year} : ${count(result.included.length, 'marché exporté', 'marchés exportés')}, ${count(result.excluded.length, 'non publié', 'non publiés')} (sous le seuil ou acheteur extérieur)${options.sortie ? ` dans ${options.sortie}` : ''}.\n`);
      });
    });

  group(program, 'import', 'importe des données dans un format officiel (decp)')
    .command('decp')
    .description('charge des marchés passés depuis un fichier DECP 2.0.3 (JSON), vérifié contre le schéma officiel, tout ou rien')
    .argument('<fichier>', 'fichier JSON au format DECP 2.0.3')
    .option('--territoire <siren>', 'SIREN du territoire (facultatif si la base n’en a qu’un)')
    .action(async (file: string, options: { territoire?: string }) => {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(readFileOrRefuse(file));
      } catch (error) {
        if (error instanceof TypeError) throw new UserError(`${file} n'est pas encodé en UTF-8.`);
        throw error;
      }
      const { DecpImportError, importDecp } = await import('../procurement/decp-service.ts');
      const { describeDecpProblem } = await import('../procurement/decp/import.ts');
      await withDatabase(async (db) => {
        const t = await territoryOf(db, options.territoire);
        try {
          const result = await importDecp(db, { territoryId: t.id, actor: cliActor() }, text, `DECP ${file}`);
          console.log(`${count(result.created, 'marché importé', 'marchés importés')} dans ${t.name}, dont ${result.linked} rattaché(s) à un acheteur du registre.`);
          for (const notice of result.notices) console.log(`Remarque : ${describeDecpProblem(notice)}`);
        } catch (error) {
          if (error instanceof DecpImportError) for (const p of error.problems) console.error(describeDecpProblem(p));
          throw error;
        }
      });
    });
}
