import { date, foreignKey, index, integer, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { territories } from '../platform/tables.ts';

/** Any public body of the territory: the EPCI, member communes, CCAS, syndicates, outside bodies. */
export const collectivities = pgTable(
  'collectivities',
  {
    ...territoryColumns(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    siren: text('siren'),
    siret: text('siret'),
    inseeCode: text('insee_code'),
    departmentCode: text('department_code'),
    postalCode: text('postal_code'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    unique('collectivities_siren_key').on(t.territoryId, t.siren),
    unique('collectivities_insee_key').on(t.territoryId, t.inseeCode),
  ],
);

/** Legal nature and funding mode of an EPCI, effective-dated (a CA becomes a CU, then a métropole). */
export const epciNatures = pgTable(
  'epci_natures',
  {
    ...territoryColumns(),
    epciId: uuid('epci_id').notNull(),
    nature: text('nature').notNull(),
    fundingMode: text('funding_mode').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.epciId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
  ],
);

/** A commune's membership of the EPCI, effective-dated. */
export const memberships = pgTable(
  'memberships',
  {
    ...territoryColumns(),
    epciId: uuid('epci_id').notNull(),
    communeId: uuid('commune_id').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.epciId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    foreignKey({ columns: [t.territoryId, t.communeId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    index('memberships_commune_idx').on(t.territoryId, t.communeId),
  ],
);

/** Official population of a collectivity for a year and kind (municipale, totale, DGF). */
export const populations = pgTable(
  'populations',
  {
    ...territoryColumns(),
    collectivityId: uuid('collectivity_id').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').notNull(),
    value: integer('value').notNull(),
    source: text('source').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('populations_year_kind_key').on(t.territoryId, t.collectivityId, t.year, t.kind),
  ],
);
