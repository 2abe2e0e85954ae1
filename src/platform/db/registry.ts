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
// agreements
import * as agreements from '../../agreements/tables.ts';
// charging
import * as charging from '../../charging/tables.ts';
// catalogue
import * as catalogue from '../../catalogue/tables.ts';
// convergence and scheme
import { convergenceParticipants, convergenceProjects } from '../../convergence/tables.ts';
import { poolingSchemes, schemeActions, schemeOpinions } from '../../scheme/tables.ts';
// deliberations
import { deliberationAnnexes, deliberationCounters, deliberations } from '../../deliberations/tables.ts';
// report
import { reportNarratives } from '../../report/tables.ts';

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
  // agreements
  territoryTable(agreements.sharedServices, 'services mutualisés'),
  territoryTable(agreements.serviceParticipants, 'participants aux services'),
  territoryTable(agreements.agreements, 'conventions'),
  territoryTable(agreements.agreementParties, 'parties aux conventions'),
  territoryTable(agreements.amendments, 'avenants'),
  territoryTable(agreements.amendmentParticipants, 'participants aux avenants'),
  territoryTable(agreements.approvals, 'approbations de conventions'),
  territoryTable(agreements.staff, 'agents des services mutualisés'),
  territoryTable(agreements.steeringCommittees, 'comités de pilotage'),
  territoryTable(agreements.steeringCommitteeMembers, 'membres des comités de pilotage'),
  territoryTable(agreements.steeringCommitteeMeetings, 'réunions des comités de pilotage'),
  territoryTable(agreements.compensationAllocations, 'attributions de compensation'),
  territoryTable(agreements.compensationDeductions, 'retenues sur attribution de compensation'),
  // charging
  territoryTable(charging.chargingYears, 'paramètres de refacturation'),
  territoryTable(charging.supportCentres, 'fonctions support'),
  territoryTable(charging.supportShares, 'clés des fonctions support'),
  territoryTable(charging.costLines, 'lignes de coûts'),
  territoryTable(charging.driverValues, 'valeurs d’inducteurs'),
  territoryTable(charging.workUnits, 'unités de fonctionnement'),
  territoryTable(charging.chargingRuns, 'calculs de refacturation'),
  territoryTable(charging.chargingRunLines, 'lignes de refacturation'),
  territoryTable(charging.statementLines, 'lignes d’états de refacturation'),
  territoryTable(charging.installmentPayments, 'acomptes versés'),
  // catalogue
  territoryTable(catalogue.catalogueOffers, 'offres de services aux communes'),
  territoryTable(catalogue.catalogueSubscriptions, 'adhésions aux offres'),
  territoryTable(catalogue.catalogueAccounts, "comptes d'accès"),
  territoryTable(catalogue.catalogueReferents, 'référents des communes'),
  territoryTable(catalogue.catalogueMeetings, 'réunions et événements'),
  territoryTable(catalogue.catalogueAttendances, 'participations aux réunions'),
  territoryTable(catalogue.catalogueTrainingSessions, 'sessions de formation'),
  territoryTable(catalogue.catalogueTrainees, 'personnes formées'),
  territoryTable(catalogue.catalogueSettings, 'réglages du catalogue'),
  // convergence and scheme
  territoryTable(convergenceProjects, 'projets de convergence'),
  territoryTable(convergenceParticipants, 'participants aux projets de convergence'),
  territoryTable(poolingSchemes, 'schémas de mutualisation'),
  territoryTable(schemeActions, 'actions du schéma'),
  territoryTable(schemeOpinions, 'avis des communes sur le schéma'),
  // deliberations
  territoryTable(deliberationCounters, 'compteurs de numérotation des délibérations'),
  territoryTable(deliberations, 'délibérations'),
  territoryTable(deliberationAnnexes, 'annexes de délibérations'),
  // report
  territoryTable(reportNarratives, 'textes du rapport d’avancement'),
];

/** Tables with territory_id that are not plain territory data: the audit chain is dumped on its own, by seq. */
export const SPECIAL_TERRITORY_TABLES: readonly string[] = ['audit_log'];

/** Global tables that territory rows may reference; backup carries the rows referenced. Any other is a test failure. */
export const REFERENCED_GLOBAL_TABLES: readonly string[] = ['territories', 'people'];
