/**
 * The territory's tables, in foreign-key order (parents first). Backup and restore, the demo loader and
 * benchmarks walk this list; a test fails when a table with territory_id is missing from it.
 * `personColumns` name columns that point at global people (remapped on restore when the person exists).
 */
export interface RegisteredTable {
  readonly name: string;
  readonly personColumns?: readonly string[];
}

export const TERRITORY_TABLES: readonly RegisteredTable[] = [
  { name: 'collectivities' },
  { name: 'epci_natures' },
  { name: 'memberships' },
  { name: 'populations' },
  { name: 'role_assignments', personColumns: ['person_id'] },
];

/** Tables with territory_id that are not plain territory data: the audit chain is dumped on its own. */
export const SPECIAL_TERRITORY_TABLES: readonly string[] = ['audit_log'];
