import { Option, type Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import * as territory from '../territory/service.ts';
import * as access from '../access/service.ts';
import { ROLE_LABELS, ROLES, type Role } from '../access/model.ts';
import { cliActor, count, readPassword, territoryBySiren, withDatabase } from './context.ts';

interface AddOptions {
  territoire: string;
  email: string;
  nom: string;
  role: Role;
  commune?: string;
}

export function registerUsers(program: Command): void {
  const users = program.command('utilisateurs').alias('users').description("utilisateurs d'un territoire et leurs rôles (ajouter, lister)");

  users
    .command('ajouter')
    .alias('add')
    .description('donne un rôle dans le territoire à une personne, créée si son adresse est nouvelle (mot de passe : MUTUALIS_PASSWORD, sinon saisi)')
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .requiredOption('--email <email>', 'adresse électronique (identifiant de connexion)')
    .requiredOption('--nom <nom>', 'nom affiché')
    .addOption(new Option('--role <rôle>', 'rôle dans le territoire (voir ci-dessous)').choices(ROLES).makeOptionMandatory())
    .option('--commune <insee>', 'code INSEE de sa commune (obligatoire pour le rôle commune, seulement pour lui)')
    .addHelpText('after', `\nRôles :\n${ROLES.map((r) => `  ${r.padEnd(12)} ${ROLE_LABELS[r]}`).join('\n')}`)
    .action(async (options: AddOptions) => {
      if (options.role === 'commune' && !options.commune) throw new UserError('--commune <insee> est obligatoire pour le rôle commune.');
      if (options.role !== 'commune' && options.commune) throw new UserError('--commune ne sert qu’avec --role commune.');
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        const ctx = { territoryId: t.id, actor: cliActor() };
        const commune = options.commune ? await territory.collectivityByInsee(db, ctx, options.commune) : null;
        if (options.commune && (!commune || commune.kind !== 'commune')) throw new UserError(`--commune : ${options.commune} n'est le code INSEE d'aucune commune membre de ${t.name}.`);
        // A person who already has an account (another territory) keeps their password.
        const exists = await access.personExists(db, options.email);
        const password = exists ? undefined : await readPassword(`Mot de passe initial de ${options.email} : `);
        await access.addUser(
          db,
          ctx,
          { email: options.email, displayName: options.nom, password, role: options.role, collectivityId: commune?.id ?? null },
          await territory.communeIds(db, ctx),
        );
        const where = commune ? ` (${commune.name})` : '';
        console.log(`${access.normalizeEmail(options.email)} : rôle « ${ROLE_LABELS[options.role]} »${where} dans ${t.name}${exists ? ' (compte existant, mot de passe inchangé)' : ''}.`);
      });
    });

  users
    .command('lister')
    .alias('list')
    .description('liste les utilisateurs du territoire et leurs rôles')
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .action(async (options: { territoire: string }) => {
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        const list = await access.listUsers(db, { territoryId: t.id, actor: cliActor() });
        for (const u of list) {
          const roles = u.assignments.map((a) => ROLE_LABELS[a.role] + (a.collectivityName ? ` (${a.collectivityName})` : '')).join(', ');
          console.log(`${u.person.email.padEnd(36)} ${u.person.displayName.padEnd(40)} ${roles}${u.person.disabled ? ' [désactivé]' : ''}`);
        }
        console.log(`${count(list.length, 'utilisateur')} dans ${t.name}.`);
      });
    });
}
