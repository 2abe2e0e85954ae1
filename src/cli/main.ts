import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../platform/config.ts';
import { LockError } from '../platform/db/lock.ts';
import { TenancyError } from '../platform/db/tenancy-check.ts';
import { UserError } from '../platform/http/errors.ts';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { listTerritories } from '../platform/tenants.ts';
import { verifyAuditChain } from '../platform/audit-verify.ts';
import { listAuditEntries } from '../platform/audit-read.ts';
import { backupTerritory, restoreTerritory } from '../platform/backup.ts';
import { formatInteger } from '../platform/format.ts';
import { findOfficialEpci } from '../territory/official-data.ts';
import * as territory from '../territory/service.ts';
import * as access from '../access/service.ts';
import { ROLE_LABELS, ROLES } from '../access/model.ts';
import { cliActor, readPassword, territoryBySiren, withDatabase } from './context.ts';

/** Commander speaks English: its usage errors are translated. */
function frenchCommanderError(text: string): string {
  return text
    .replace(/^error: unknown command '([^']*)'/, 'erreur : commande inconnue « $1 »')
    .replace(/^error: unknown option '([^']*)'/, 'erreur : option inconnue « $1 »')
    .replace(/^error: required option '([^']*)' not specified/, 'erreur : option obligatoire « $1 » absente')
    .replace(/^error: missing required argument '([^']*)'/, 'erreur : argument obligatoire « $1 » absent')
    .replace(/^error: option '([^']*)' argument missing/, "erreur : l'option « $1 » attend une valeur")
    .replace(/^error: too many arguments.*/, 'erreur : trop d’arguments')
    .replace(/^error:/, 'erreur :');
}

const program = new Command('mutualis')
  .description("Mutualis : la mutualisation entre un EPCI et ses communes.\nBase : PGlite dans DATA_DIR (./data par défaut), ou PostgreSQL si DATABASE_URL est défini.")
  .helpOption('-h, --help', "affiche l'aide de la commande")
  .helpCommand('aide [commande]', "affiche l'aide d'une commande")
  .showHelpAfterError('(mutualis --help pour l’aide)')
  .configureOutput({ outputError: (text, write) => write(frenchCommanderError(text)) })
  .exitOverride();

program
  .command('init')
  .description("crée le territoire d'un EPCI des données officielles (communes membres et populations)")
  .requiredOption('--epci <siren-ou-nom>', "SIREN ou nom de l'EPCI (ex. 200067106 ou « Pays Basque »)")
  .option('--admin-email <email>', 'crée aussi le premier administrateur (mot de passe : MUTUALIS_PASSWORD ou saisi)')
  .option('--admin-nom <nom>', "nom affiché de l'administrateur", 'Administrateur')
  .action(async (options: { epci: string; adminEmail?: string; adminNom: string }) => {
    const found = findOfficialEpci(options.epci);
    if (!('found' in found)) {
      if (found.candidates.length === 0) throw new UserError(`Aucun EPCI ne correspond à « ${options.epci} » dans les données officielles.`);
      throw new UserError(
        `Plusieurs EPCI correspondent à « ${options.epci} » ; précisez le SIREN :\n` + found.candidates.map((e) => `  ${e.code}  ${e.nom}`).join('\n'),
      );
    }
    const epci = found.found;
    const password = options.adminEmail ? await readPassword(`Mot de passe de ${options.adminEmail} : `) : undefined;
    const started = performance.now();
    await withDatabase(async (db) => {
      process.stdout.write(`Création du territoire ${epci.nom} (${epci.membres.length} communes)… `);
      const created = await territory.createTerritoryFromOfficialData(db, cliActor(), epci);
      process.stdout.write('fait.\n');
      if (options.adminEmail) {
        const ctx = { territoryId: created.id, actor: cliActor() };
        await access.addUser(db, ctx, { email: options.adminEmail, displayName: options.adminNom, password, role: 'admin' }, new Set());
        console.log(`Administrateur ${options.adminEmail} créé.`);
      }
      const population = epci.membres.reduce((a, m) => a + m.populationMunicipale, 0);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${created.name} : ${epci.membres.length} communes, ${formatInteger(population)} habitants, en ${seconds} s.`);
    });
  });

program
  .command('territoires')
  .description('liste les territoires de la base')
  .action(async () => {
    await withDatabase(async (db) => {
      const all = await db.transaction(GLOBAL_SCOPE, (tx) => listTerritories(tx));
      if (all.length === 0) console.log('Aucun territoire. « mutualis init --epci <SIREN> » en crée un.');
      for (const t of all) console.log(`${t.siren}  ${t.name}`);
    });
  });

const users = program.command('utilisateurs').alias('users').description('utilisateurs et rôles');

users
  .command('ajouter')
  .alias('add')
  .description('donne un rôle à une personne (créée si son adresse est nouvelle)')
  .requiredOption('--territoire <siren>', 'SIREN du territoire')
  .requiredOption('--email <email>', 'adresse électronique')
  .requiredOption('--nom <nom>', 'nom affiché')
  .requiredOption('--role <role>', `rôle : ${ROLES.join(', ')}`)
  .option('--commune <insee>', "code INSEE de la commune (rôle « commune »)")
  .action(async (options: { territoire: string; email: string; nom: string; role: string; commune?: string }) => {
    await withDatabase(async (db) => {
      const t = await territoryBySiren(db, options.territoire);
      const ctx = { territoryId: t.id, actor: cliActor() };
      const commune = options.commune ? await territory.collectivityByInsee(db, ctx, options.commune) : null;
      if (options.commune && (!commune || commune.kind !== 'commune')) throw new UserError(`--commune : ${options.commune} n'est pas une commune membre de ${t.name}.`);
      const exists = await access.personExists(db, options.email);
      const password = exists ? undefined : await readPassword(`Mot de passe initial de ${options.email} : `);
      await access.addUser(db, ctx, { email: options.email, displayName: options.nom, password, role: options.role, collectivityId: commune?.id ?? null }, await territory.communeIds(db, ctx));
      console.log(`${options.email} : rôle « ${ROLE_LABELS[options.role as keyof typeof ROLE_LABELS]} » dans ${t.name}${commune ? ` (${commune.name})` : ''}.`);
    });
  });

users
  .command('lister')
  .alias('list')
  .description('liste les utilisateurs du territoire')
  .requiredOption('--territoire <siren>', 'SIREN du territoire')
  .action(async (options: { territoire: string }) => {
    await withDatabase(async (db) => {
      const t = await territoryBySiren(db, options.territoire);
      const list = await access.listUsers(db, { territoryId: t.id, actor: cliActor() });
      for (const u of list) {
        const roles = u.assignments.map((a) => ROLE_LABELS[a.role] + (a.collectivityName ? ` (${a.collectivityName})` : '')).join(', ');
        console.log(`${u.person.email.padEnd(36)} ${u.person.displayName.padEnd(40)} ${roles}`);
      }
      console.log(`${list.length} utilisateur(s).`);
    });
  });

program
  .command('audit')
  .description("affiche les dernières entrées du journal d'audit, ou vérifie sa chaîne d'empreintes (--verify)")
  .requiredOption('--territoire <siren>', 'SIREN du territoire')
  .option('--verify', "vérifie que rien n'a été modifié ni supprimé")
  .option('--dernieres <n>', "nombre d'entrées à afficher", '20')
  .action(async (options: { territoire: string; verify?: boolean; dernieres: string }) => {
    await withDatabase(async (db) => {
      const t = await territoryBySiren(db, options.territoire);
      if (options.verify) {
        const report = await verifyAuditChain(db, t.id, (done) => process.stderr.isTTY && process.stderr.write(`\r${formatInteger(done)} entrées vérifiées…`));
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (report.ok) {
          console.log(`Journal d'audit de ${t.name} intact : ${formatInteger(report.entries)} entrées, chaîne d'empreintes vérifiée.`);
          return;
        }
        for (const p of report.problems) console.error(`Entrée ${p.seq} : ${p.reason}`);
        throw new UserError(`Journal d'audit de ${t.name} ALTÉRÉ : ${report.problems.length} anomalie(s) sur ${formatInteger(report.entries)} entrées.`);
      }
      const count = Number(options.dernieres);
      if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new UserError('--dernieres doit être un entier entre 1 et 10 000.');
      for (const e of await listAuditEntries(db, t.id, { limit: count })) {
        console.log(`${String(e.seq).padStart(7)}  ${e.at}  ${e.actorLabel}  ${e.action} ${e.entity}${e.entityId ? ` ${e.entityId}` : ''}`);
      }
    });
  });

program
  .command('populations')
  .description('importe des populations par année et type depuis un CSV (code_insee;annee;type;population), tout ou rien')
  .argument('<fichier>', 'fichier CSV en UTF-8')
  .requiredOption('--territoire <siren>', 'SIREN du territoire')
  .action(async (file: string, options: { territoire: string }) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
    } catch (error) {
      if (error instanceof TypeError) throw new UserError(`${file} n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 ».`);
      throw new UserError(`Impossible de lire ${file} : ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'fichier introuvable' : (error as Error).message}.`);
    }
    await withDatabase(async (db) => {
      const t = await territoryBySiren(db, options.territoire);
      try {
        const result = await territory.importPopulations(db, { territoryId: t.id, actor: cliActor() }, text, `import ${file}`);
        console.log(`${result.created} population(s) ajoutée(s), ${result.updated} modifiée(s), ${result.unchanged} inchangée(s).`);
      } catch (error) {
        if (error instanceof territory.ImportError) for (const p of error.problems) console.error(`Ligne ${p.line}, colonne « ${p.column} » : ${p.message}`);
        throw error;
      }
    });
  });

program
  .command('sauvegarde')
  .alias('backup')
  .description("sauvegarde complète d'un territoire (données, utilisateurs, journal d'audit) dans un fichier")
  .argument('<fichier>', 'fichier à écrire (.mutualis.gz)')
  .requiredOption('--territoire <siren>', 'SIREN du territoire')
  .action(async (file: string, options: { territoire: string }) => {
    await withDatabase(async (db) => {
      const started = performance.now();
      const { data, header } = await backupTerritory(db, options.territoire);
      fs.writeFileSync(`${file}.partiel`, data);
      fs.renameSync(`${file}.partiel`, file); // never a half-written backup under the real name
      const rows = Object.values(header.sections).reduce((a, b) => a + b, 0);
      console.log(`${header.territory.name} sauvegardé dans ${file} : ${formatInteger(rows)} lignes, ${formatInteger(Math.round(data.length / 1024))} Kio, en ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    });
  });

program
  .command('restauration')
  .alias('restore')
  .description("restaure un territoire sauvegardé (tout ou rien ; refusé s'il existe déjà dans la base)")
  .argument('<fichier>', 'fichier de sauvegarde')
  .action(async (file: string) => {
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch (error) {
      throw new UserError(`Impossible de lire ${file} : ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'fichier introuvable' : (error as Error).message}.`);
    }
    await withDatabase(async (db) => {
      const result = await restoreTerritory(db, data);
      const reused = result.peopleReused ? `, ${result.peopleReused} personne(s) déjà présente(s) réutilisée(s)` : '';
      console.log(`${result.territory.name} (SIREN ${result.territory.siren}) restauré : ${formatInteger(result.rows)} lignes${reused}.`);
    });
  });

/** Expected errors print a French sentence; anything else is a bug and keeps its stack. */
async function run(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    if (error instanceof UserError || error instanceof LockError || error instanceof ConfigError || error instanceof TenancyError) {
      console.error(`mutualis : ${error.message}`);
      process.exit(1);
    }
    console.error('mutualis : erreur inattendue', error);
    process.exit(2);
  }
}

await run();
