import { Option, type Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { findTerritoryBySiren } from '../platform/tenants.ts';
import { formatInteger } from '../platform/format.ts';
import { findOfficialEpci, type OfficialEpci } from '../territory/official-data.ts';
import * as territory from '../territory/service.ts';
import * as access from '../access/service.ts';
import { cliActor, count, readPassword, seconds, withDatabase } from './context.ts';
import { progressBar } from './progress.ts';

interface InitOptions {
  epci: string;
  adminEmail?: string;
  adminNom?: string;
  adminName?: string;
}

/** The EPCI named on the command line, or a French refusal listing the candidates. */
export function chooseEpci(query: string): OfficialEpci {
  const result = findOfficialEpci(query);
  if ('found' in result) return result.found;
  if (result.candidates.length === 0) {
    throw new UserError(
      /^\d{9}$/.test(query.trim())
        ? `Aucun EPCI de SIREN ${query.trim()} dans les données officielles (COG 2026).`
        : `Aucun EPCI ne correspond à « ${query} » dans les données officielles (COG 2026). Donnez son SIREN ou une partie de son nom.`,
    );
  }
  const list = result.candidates.map((e) => `  ${e.code}  ${e.nom} (${count(e.membres.length, 'commune')})`).join('\n');
  // findOfficialEpci keeps the first 20.
  const more = result.candidates.length >= 20 ? '\n  …' : '';
  throw new UserError(`Plusieurs EPCI correspondent à « ${query} » ; relancez avec le SIREN de l'un d'eux :\n${list}${more}`);
}

// Loose on purpose: access/service.ts makes the real check; this one only avoids a territory left without its administrator.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function registerInit(program: Command): void {
  program
    .command('init')
    .description("crée le territoire d'un EPCI des données officielles (l'EPCI, ses communes membres, leurs populations), et s'il est demandé son premier administrateur")
    .requiredOption('--epci <siren-ou-nom>', "SIREN de l'EPCI (ex. 200067106) ou partie de son nom (ex. « Pays Basque »)")
    .option('--admin-email <email>', 'adresse du premier administrateur (mot de passe : variable MUTUALIS_PASSWORD, sinon saisi)')
    .option('--admin-nom <nom>', "nom affiché de l'administrateur (par défaut : « Administrateur »)")
    .addOption(new Option('--admin-name <nom>', 'synonyme de --admin-nom').hideHelp())
    .action(async (options: InitOptions) => {
      const started = performance.now();
      // The time spent typing a password is not the command's.
      let typing = 0;
      const epci = chooseEpci(options.epci);
      const adminName = (options.adminNom ?? options.adminName)?.trim();
      if (adminName !== undefined && !options.adminEmail) throw new UserError('--admin-nom ne sert qu’avec --admin-email.');
      if (options.adminEmail && !EMAIL.test(options.adminEmail.trim())) throw new UserError(`--admin-email : « ${options.adminEmail} » n'est pas une adresse électronique valide.`);
      const steps = options.adminEmail ? 3 : 2;
      const bar = progressBar(epci.nom);
      try {
        const population = epci.membres.reduce((sum, m) => sum + m.populationMunicipale, 0);
        await withDatabase(
          async (db) => {
            const existing = await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, epci.code));
            if (existing) throw new UserError(`Le territoire ${existing.name} (SIREN ${existing.siren}) existe déjà dans cette base. « mutualis territoires » les liste.`);
            // Asked before anything is written, so that a refused password leaves nothing half-done; an existing account keeps its own.
            const known = options.adminEmail ? await access.personExists(db, options.adminEmail) : false;
            let password: string | undefined;
            if (options.adminEmail && !known) {
              bar.stop();
              const asked = performance.now();
              password = await readPassword(`Mot de passe de ${options.adminEmail} : `);
              typing = performance.now() - asked;
            }
            bar.update(1, steps, `territoire et ${count(epci.membres.length, 'commune')}`);
            const created = await territory.createTerritoryFromOfficialData(db, cliActor(), epci);
            if (options.adminEmail) {
              bar.update(2, steps, 'administrateur');
              const ctx = { territoryId: created.id, actor: cliActor() };
              try {
                await access.addUser(db, ctx, { email: options.adminEmail, displayName: adminName || 'Administrateur', password, role: 'admin' }, new Set());
              } catch (error) {
                if (!(error instanceof UserError)) throw error;
                throw new UserError(
                  `Territoire ${created.name} créé, mais pas son administrateur : ${error.message} Ajoutez-le avec « mutualis utilisateurs ajouter --territoire ${created.siren} --role admin … ».`,
                );
              }
            }
            bar.update(steps, steps, 'terminé');
            bar.stop();
            console.log(
              `Territoire ${created.name} (SIREN ${created.siren}) créé : ${count(epci.membres.length, 'commune')}, ${formatInteger(population)} habitants, en ${seconds(performance.now() - started - typing)}.`,
            );
            if (options.adminEmail) {
              console.log(`Administrateur : ${access.normalizeEmail(options.adminEmail)}${known ? ' (compte existant, mot de passe inchangé)' : ''}.`);
            }
            console.log(`Démarrez le serveur (npm start), puis ouvrez /t/${created.siren}.`);
          },
          { onOpen: (creating) => bar.update(0, steps, creating ? 'création de la base de données' : 'ouverture de la base de données') },
        );
      } finally {
        bar.stop();
      }
    });
}
