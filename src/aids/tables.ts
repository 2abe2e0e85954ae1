import { bigint, boolean, customType, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { people, territories } from '../platform/tables.ts';
import { collectivities } from '../territory/tables.ts';

/** PostgreSQL's full-text document type; written by the store from the scheme's texts (see decision 0005). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** A funding scheme (aide financière, dispositif) a collectivity of the territory may apply for. */
export const fundingSchemes = pgTable(
  'funding_schemes',
  {
    ...territoryColumns(),
    name: text('name').notNull(),
    shortTitle: text('short_title'),
    description: text('description').notNull(),
    funders: text('funders').array().notNull(),
    instructors: text('instructors').array().notNull(),
    level: text('level').notNull(),
    perimeterScale: text('perimeter_scale').notNull(),
    perimeterCode: text('perimeter_code'),
    perimeterName: text('perimeter_name').notNull(),
    audiences: text('audiences').array().notNull(),
    aidTypes: text('aid_types').array().notNull(),
    projectTypes: text('project_types').array().notNull(),
    keywords: text('keywords').array().notNull(),
    stages: text('stages').array().notNull(),
    spendingKinds: text('spending_kinds').array().notNull(),
    rateMin: numeric('rate_min'),
    rateMax: numeric('rate_max'),
    maxAidCents: bigint('max_aid_cents', { mode: 'number' }),
    minCostCents: bigint('min_cost_cents', { mode: 'number' }),
    /** The criteria as the model holds them (stated bounds, inclusive or not). */
    eligibility: jsonb('eligibility').notNull(),
    /** The same criteria as inclusive integer bounds for the search's SQL: the first case in columns (cheap to read), the others in an array, 8 per case. */
    criteriaCases: integer('criteria_cases').notNull(),
    popMin: integer('pop_min'),
    popMax: integer('pop_max'),
    densityMin: integer('density_min'),
    densityMax: integer('density_max'),
    epciPopMin: integer('epci_pop_min'),
    epciPopMax: integer('epci_pop_max'),
    fiscalMin: integer('fiscal_min'),
    fiscalMax: integer('fiscal_max'),
    eligibilityBounds: integer('eligibility_bounds').array().notNull(),
    condition: text('condition'),
    startDate: date('start_date', { mode: 'string' }),
    deadline: date('deadline', { mode: 'string' }),
    recurrence: text('recurrence').notNull(),
    callForProjects: boolean('call_for_projects').notNull(),
    originUrl: text('origin_url'),
    applicationUrl: text('application_url'),
    contact: text('contact'),
    status: text('status').notNull(),
    /** The EPCI's own fonds de concours to its member communes. */
    fundingContribution: boolean('funding_contribution').notNull(),
    /** Where an imported scheme comes from (e.g. aides-territoires:1234): re-imports update it. */
    importKey: text('import_key'),
    searchVector: tsvector('search_vector').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    unique('funding_schemes_import_key').on(t.territoryId, t.importKey),
    index('funding_schemes_search_idx').using('gin', t.searchVector),
    index('funding_schemes_status_idx').on(t.territoryId, t.status, t.deadline),
  ],
);

/** A commune's level in INSEE's communal density grid (7 levels), per year. */
export const densityLevels = pgTable(
  'density_levels',
  {
    ...territoryColumns(),
    collectivityId: uuid('collectivity_id').notNull(),
    year: integer('year').notNull(),
    level: integer('level').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('density_levels_year_key').on(t.territoryId, t.collectivityId, t.year),
  ],
);

/** A commune's potentiel financier per inhabitant (cents), per year (DGCL figures). */
export const fiscalPotentials = pgTable(
  'fiscal_potentials',
  {
    ...territoryColumns(),
    collectivityId: uuid('collectivity_id').notNull(),
    year: integer('year').notNull(),
    centsPerInhabitant: bigint('cents_per_inhabitant', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('fiscal_potentials_year_key').on(t.territoryId, t.collectivityId, t.year),
  ],
);

/** A collectivity's project, for which it looks for funding. */
export const projects = pgTable(
  'projects',
  {
    ...territoryColumns(),
    collectivityId: uuid('collectivity_id').notNull(),
    title: text('title').notNull(),
    projectType: text('project_type').notNull(),
    stage: text('stage').notNull(),
    spendingKind: text('spending_kind').notNull(),
    estimatedCostCents: bigint('estimated_cost_cents', { mode: 'number' }).notNull(),
    description: text('description'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    index('projects_collectivity_idx').on(t.territoryId, t.collectivityId),
  ],
);

/** An aid a project targets, and where the application stands (to study, applied, obtained, refused). */
export const projectFundings = pgTable(
  'project_fundings',
  {
    ...territoryColumns(),
    projectId: uuid('project_id').notNull(),
    schemeId: uuid('scheme_id').notNull(),
    status: text('status').notNull(),
    requestedCents: bigint('requested_cents', { mode: 'number' }),
    obtainedCents: bigint('obtained_cents', { mode: 'number' }),
    decidedOn: date('decided_on', { mode: 'string' }),
    decidedOnPrecision: text('decided_on_precision'),
    note: text('note'),
    // A fonds de concours needs concordant deliberations of both councils (CGCT L5215-26, L5216-5 VI, L5214-16 V).
    epciBody: text('epci_body'),
    epciDate: date('epci_date', { mode: 'string' }),
    epciReference: text('epci_reference'),
    epciDeliberationId: uuid('epci_deliberation_id'),
    communeBody: text('commune_body'),
    communeDate: date('commune_date', { mode: 'string' }),
    communeReference: text('commune_reference'),
    communeDeliberationId: uuid('commune_deliberation_id'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.projectId], foreignColumns: [projects.territoryId, projects.id] }),
    foreignKey({ columns: [t.territoryId, t.schemeId], foreignColumns: [fundingSchemes.territoryId, fundingSchemes.id] }),
    unique('project_fundings_scheme_key').on(t.territoryId, t.projectId, t.schemeId),
  ],
);

/** A search a person saved, to be told when a new or changed aid matches it. */
export const savedSearches = pgTable(
  'saved_searches',
  {
    ...territoryColumns(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    criteria: jsonb('criteria').notNull(),
  },
  (t) => [primaryKey({ columns: [t.territoryId, t.id] }), foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }), index('saved_searches_person_idx').on(t.territoryId, t.personId)],
);

/** An in-application notice: a new or changed aid matches one of the person's saved searches. */
export const aidNotifications = pgTable(
  'aid_notifications',
  {
    ...territoryColumns(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    savedSearchId: uuid('saved_search_id').notNull(),
    schemeId: uuid('scheme_id').notNull(),
    reason: text('reason').notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.savedSearchId], foreignColumns: [savedSearches.territoryId, savedSearches.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.territoryId, t.schemeId], foreignColumns: [fundingSchemes.territoryId, fundingSchemes.id] }),
    index('aid_notifications_person_idx').on(t.territoryId, t.personId, t.readAt),
  ],
);
