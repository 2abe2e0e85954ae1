import type { Command } from 'commander';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { listTerritories } from '../platform/tenants.ts';
import { count, withDatabase } from './context.ts';

export function registerTerritories(program: Command): void {
  program
    .command('territoires')
    .alias('territories')
    .description('liste les territoires de la base (SIREN et nom)')
    .action(async () => {
      await withDatabase(async (db) => {
        const all = await db.transaction(GLOBAL_SCOPE, (tx) => listTerritories(tx));
        if (all.length === 0) {
          console.log('Aucun territoire. « mutualis init --epci <SIREN> » en crée un.');
          return;
        }
        for (const t of all) console.log(`${t.siren}  ${t.name}`);
        console.log(`${count(all.length, 'territoire')}.`);
      });
    });
}
