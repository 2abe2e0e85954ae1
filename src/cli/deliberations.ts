import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import { GLOBAL_SCOPE, type Database } from '../platform/db/database.ts';
import { listTerritories, type TerritoryRef } from '../platform/tenants.ts';
import { closePdfWorkers } from '../platform/documents/index.ts';
import { cliActor, count, territoryBySiren, withDatabase } from './context.ts';

/** The command group of that name, shared with other modules' subcommands (export decp…). */
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

/** `mutualis extract <numéro> --out extrait.pdf` and `mutualis export scdl-deliberations --year 2020`. */
export function registerDeliberations(program: Command): void {
  program
    .command('extract')
    .alias('extrait')
    .description("l'extrait du registre d'une délibération (PDF, ou DOCX si le fichier se termine par .docx)")
    .argument('<numéro>', 'numéro de la délibération (ex. 2020.00079)')
    .option('--out <fichier>', 'fichier à écrire (par défaut : extrait-deliberation-<numéro>.pdf)')
    .addOption(new Option('--sortie <fichier>', 'synonyme de --out').hideHelp())
    .option('--territoire <siren>', 'SIREN du territoire (facultatif si la base n’en a qu’un)')
    .action(async (number: string, options: { out?: string; sortie?: string; territoire?: string }) => {
      const out = options.out ?? options.sortie;
      const { findDeliberation } = await import('../deliberations/service.ts');
      const { extractDocx, extractPdf } = await import('../deliberations/extract.ts');
      await withDatabase(async (db) => {
        const t = await territoryOf(db, options.territoire);
        const ctx = { territoryId: t.id, actor: cliActor() };
        const d = await findDeliberation(db, ctx, { number });
        if (!d) throw new UserError(`Aucune délibération n° ${number} dans le territoire ${t.name}.`);
        try {
          const file = out?.toLowerCase().endsWith('.docx') ? await extractDocx(db, ctx, d.id) : await extractPdf(db, ctx, d.id);
          const target = out ?? file.filename;
          fs.writeFileSync(target, file.bytes);
          process.stderr.write(`Extrait de la délibération n° ${d.number} (${d.title}) écrit dans ${target}.\n`);
        } finally {
          await closePdfWorkers();
        }
      });
    });

  group(program, 'export', 'exporte des données dans un format officiel')
    .command('scdl-deliberations')
    .description("les délibérations publiées d'une année au format SCDL (schéma scdl/deliberations, CSV)")
    .option('--year <année>', 'année des délibérations (ex. 2020)')
    .addOption(new Option('--annee <année>', 'synonyme de --year').hideHelp())
    .option('--territoire <siren>', 'SIREN du territoire (facultatif si la base n’en a qu’un)')
    .option('--url <adresse>', 'adresse publique de Mutualis, pour la colonne DELIB_URL (ex. https://mutualis.exemple.fr)')
    .option('--sortie <fichier>', 'fichier à écrire (par défaut : la sortie standard)')
    .action(async (options: { year?: string; annee?: string; territoire?: string; url?: string; sortie?: string }) => {
      const year = options.year ?? options.annee;
      if (!year || !/^\d{4}$/.test(year)) throw new UserError(`--year doit être une année sur 4 chiffres${year ? `, reçu « ${year} »` : ''}.`);
      if (options.url && !/^https?:\/\/\S+$/.test(options.url)) throw new UserError(`--url doit être une adresse http(s), reçu « ${options.url} ».`);
      const { scdlCsv } = await import('../deliberations/registers.ts');
      await withDatabase(async (db) => {
        const t = await territoryOf(db, options.territoire);
        const file = await scdlCsv(db, { territoryId: t.id, actor: cliActor() }, Number(year), { publicUrl: options.url });
        if (options.sortie) fs.writeFileSync(options.sortie, file.bytes);
        else process.stdout.write(file.bytes);
        process.stderr.write(`${t.name}, ${year} : ${count(file.rows, 'délibération publiée exportée', 'délibérations publiées exportées')}${options.sortie ? ` dans ${options.sortie}` : ''}.\n`);
      });
    });
}
