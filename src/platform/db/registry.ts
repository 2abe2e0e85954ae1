import { getTableName } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
// The one place in platform/ that names module tables (schema only): the list a territory is made of.
import { collectivities, epciNatures, memberships, populations } from '../../territory/tables.ts';
import { roleAssignments } from '../../access/tables.ts';
// aids
import { aidNotifications, densityLevels, fiscalPotentials, fundingSchemes, projectFundings, projects, savedSearches } from '../../aids/tables.ts';
// assemblies
import * as assemblies from '../../assemblies/tables.ts';
// procurement
import { consumptions, contractModifications, contracts, contractSuppliers, needs, purchasingGroupMembers, purchasingGroups, purchasingLots, subcontractingActs } from '../../procurement/tables.ts';
// deliberations
import { deliberationAnnexes, deliberationCounters, deliberations } from '../../deliberations/tables.ts';

/** A table of territory data (it has a territory_id column). */
export interface RegisteredTable {
  /** The SQL name, as backup files and the database know it. */
  readonly name: string;
  readonly table: PgTable;
  /** French, plural, for what a command prints ("158 communes…"). */
  readonly label: string;
  /** Columns pointing at global people (read from the schema's foreign keys): remapped when a restore reuses a person. */
  readonly personColumns: readonly string[];
}

function territoryTable(table: PgTable, label: string): RegisteredTable {
  const personColumns = getTableConfig(table)
    .foreignKeys.map((fk) => fk.reference())
    .filter((ref) => getTableName(ref.foreignTable) === 'people')
    .flatMap((ref) => ref.columns.map((c) => c.name));
  return { name: getTableName(table), table, label, personColumns };
}

/**
 * The territory's tables in foreign-key order (parents first). Backup and restore, the demo loader and
 * benchmarks walk this list. A module that adds a territory table appends it here, after the tables it
 * references: registry.db.test.ts fails until it does, and checks the order against the database.
 */
export const TERRITORY_TABLES: readonly RegisteredTable[] = [
  territoryTable(collectivities, 'collectivités'),
  territoryTable(epciNatures, "natures juridiques de l'EPCI"),
  territoryTable(memberships, 'adhésions de communes'),
  territoryTable(populations, 'populations'),
  territoryTable(roleAssignments, 'rôles'),
  // aids
  territoryTable(fundingSchemes, 'aides financières'),
  territoryTable(densityLevels, 'niveaux de densité des communes'),
  territoryTable(fiscalPotentials, 'potentiels financiers des communes'),
  territoryTable(projects, 'projets'),
  territoryTable(projectFundings, 'aides ciblées par les projets'),
  territoryTable(savedSearches, 'recherches enregistrées'),
  territoryTable(aidNotifications, 'alertes sur les aides'),
  // assemblies
  territoryTable(assemblies.assemblyBodies, 'assemblées'),
  territoryTable(assemblies.assemblyRuleSets, 'règles de fonctionnement des assemblées'),
  territoryTable(assemblies.assemblyMembers, 'élus'),
  territoryTable(assemblies.assemblyMandates, 'mandats'),
  territoryTable(assemblies.assemblySittings, 'séances'),
  territoryTable(assemblies.assemblyAgendaItems, "points de l'ordre du jour"),
  territoryTable(assemblies.assemblyExcuses, 'excuses'),
  territoryTable(assemblies.assemblyMovements, 'arrivées et départs'),
  territoryTable(assemblies.assemblyProxies, 'pouvoirs'),
  territoryTable(assemblies.assemblySubstitutions, 'suppléances'),
  territoryTable(assemblies.assemblyWithdrawals, 'retraits pour intérêt personnel'),
  territoryTable(assemblies.assemblyVotes, 'votes'),
  territoryTable(assemblies.assemblyNominalVotes, 'votes nominatifs'),
  // procurement
  territoryTable(purchasingGroups, 'groupements de commandes'),
  territoryTable(purchasingGroupMembers, 'membres de groupements'),
  territoryTable(purchasingLots, 'lots de groupements'),
  territoryTable(needs, 'besoins recensés'),
  territoryTable(contracts, 'marchés'),
  territoryTable(contractSuppliers, 'titulaires de marchés'),
  territoryTable(contractModifications, 'modifications de marchés'),
  territoryTable(subcontractingActs, 'actes de sous-traitance'),
  territoryTable(consumptions, 'consommations'),
  // deliberations
  territoryTable(deliberationCounters, 'compteurs de numérotation des délibérations'),
  territoryTable(deliberations, 'délibérations'),
  territoryTable(deliberationAnnexes, 'annexes de délibérations'),
];

/** Tables with territory_id that are not plain territory data: the audit chain is dumped on its own, by seq. */
export const SPECIAL_TERRITORY_TABLES: readonly string[] = ['audit_log'];

/** Global tables that territory rows may reference; backup carries the rows referenced. Any other is a test failure. */
export const REFERENCED_GLOBAL_TABLES: readonly string[] = ['territories', 'people'];
