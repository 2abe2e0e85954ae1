import type { Command } from 'commander';
import { UserError } from '../platform/http/errors.ts';
import { verifyAuditChain } from '../platform/audit-verify.ts';
import { listAuditEntries } from '../platform/audit-read.ts';
import { formatInteger } from '../platform/format.ts';
import { territoryBySiren, withDatabase } from './context.ts';

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description("affiche les dernières entrées du journal d'audit d'un territoire, ou vérifie sa chaîne d'empreintes (--verify)")
    .requiredOption('--territoire <siren>', 'SIREN du territoire')
    .option('--verify', "vérifie que rien n'a été modifié, inséré ni supprimé")
    .option('--dernieres <n>', "nombre d'entrées à afficher", '20')
    .action(async (options: { territoire: string; verify?: boolean; dernieres: string }) => {
      const last = Number(options.dernieres);
      if (!options.verify && (!Number.isInteger(last) || last < 1 || last > 10_000)) throw new UserError('--dernieres doit être un entier entre 1 et 10 000.');
      await withDatabase(async (db) => {
        const t = await territoryBySiren(db, options.territoire);
        if (options.verify) {
          const tty = process.stderr.isTTY;
          const report = await verifyAuditChain(db, t.id, (done) => tty && process.stderr.write(`\r${formatInteger(done)} entrées vérifiées…`));
          if (tty) process.stderr.write('\n');
          if (report.ok) {
            console.log(`Journal d'audit de ${t.name} intact : ${formatInteger(report.entries)} entrées, chaîne d'empreintes vérifiée.`);
            return;
          }
          for (const p of report.problems) console.error(`Entrée ${p.seq} : ${p.reason}`);
          throw new UserError(`Journal d'audit de ${t.name} ALTÉRÉ : ${report.problems.length} anomalie(s) sur ${formatInteger(report.entries)} entrées.`);
        }
        for (const e of await listAuditEntries(db, t.id, { limit: last })) {
          console.log(`${String(e.seq).padStart(7)}  ${e.at}  ${e.actorLabel}  ${e.action} ${e.entity}${e.entityId ? ` ${e.entityId}` : ''}`);
        }
      });
    });
}
