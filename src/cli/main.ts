import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { createProgram, runProgram } from './program.ts';
import { registerInit } from './init.ts';
import { registerTerritories } from './territories.ts';
import { registerUsers } from './users.ts';
import { registerAudit } from './audit.ts';
import { registerPopulations } from './populations.ts';
import { registerBackup } from './backup.ts';
import { registerRestore } from './restore.ts';
import { registerOpenapi } from './openapi.ts';
// aids
import { registerAids } from './aids.ts';
// assemblies
import { registerMandates } from './mandates.ts';
// procurement
import { registerDecp } from './decp.ts';
// agreements
import { registerAgreements } from './agreements.ts';
// charging
import { registerCharging } from './charging.ts';
// catalogue
import { registerCatalogue } from './catalogue.ts';
// convergence
import { registerConvergence } from './convergence.ts';
// deliberations
import { registerDeliberations } from './deliberations.ts';
// report
import { registerReport } from './report.ts';

/** The mutualis command: one file per command in src/cli, wired here in the order `--help` lists them. */
export function buildProgram(): Command {
  const program = createProgram();
  registerInit(program);
  registerTerritories(program);
  registerUsers(program);
  registerAudit(program);
  registerPopulations(program);
  registerBackup(program);
  registerRestore(program);
  registerOpenapi(program);
  // aids
  registerAids(program);
  // assemblies
  registerMandates(program);
  // procurement
  registerDecp(program);
  // agreements
  registerAgreements(program);
  // charging
  registerCharging(program);
  // catalogue
  registerCatalogue(program);
  // convergence
  registerConvergence(program);
  // deliberations
  registerDeliberations(program);
  // report
  registerReport(program);
  return program;
}

export async function main(argv: readonly string[] = process.argv): Promise<number> {
  return runProgram(buildProgram(), argv);
}

// Run directly too (`tsx src/cli/main.ts …`, as npm run openapi does); bin/mutualis.js calls main() itself.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(await main());
