import { bigint, boolean, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { territories } from '../platform/tables.ts';
import { collectivities } from '../territory/tables.ts';
import { sharedServices } from '../agreements/tables.ts';

/** The year's charging settings: the support-service method (rule 6) and the M57 account per billing category. */
export const chargingYears = pgTable(
  'charging_years',
  {
    ...territoryColumns(),
    year: integer('year').notNull(),
    /** stepDown | reciprocal */
    supportMethod: text('support_method').notNull(),
    /** { staff: '70845', …, refund: '673', compensation: '739211' } */
    accounts: jsonb('accounts').notNull(),
  },
  (t) => [primaryKey({ columns: [t.territoryId, t.id] }), foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }), unique('charging_years_key').on(t.territoryId, t.year)],
);

/** A support service (IT, HR, finance…) whose cost is spread over the other centres and the shared services. */
export const supportCentres = pgTable(
  'support_centres',
  {
    ...territoryColumns(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** The step-down order (1 first). */
    stepOrder: integer('step_order').notNull(),
  },
  (t) => [primaryKey({ columns: [t.territoryId, t.id] }), foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }), unique('support_centres_code_key').on(t.territoryId, t.code)],
);

/** Where a support centre's cost goes in a year: another centre or a shared service (exactly one), an exact percent. */
export const supportShares = pgTable(
  'support_shares',
  {
    ...territoryColumns(),
    centreId: uuid('centre_id').notNull(),
    year: integer('year').notNull(),
    recipientCentreId: uuid('recipient_centre_id'),
    recipientServiceId: uuid('recipient_service_id'),
    percent: numeric('percent').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.centreId], foreignColumns: [supportCentres.territoryId, supportCentres.id] }),
    foreignKey({ columns: [t.territoryId, t.recipientCentreId], foreignColumns: [supportCentres.territoryId, supportCentres.id] }),
    foreignKey({ columns: [t.territoryId, t.recipientServiceId], foreignColumns: [sharedServices.territoryId, sharedServices.id] }),
    index('support_shares_year_idx').on(t.territoryId, t.year),
  ],
);

/** A cost line of a shared service or of a support centre (exactly one), budget or actual, in cents. */
export const costLines = pgTable(
  'cost_lines',
  {
    ...territoryColumns(),
    year: integer('year').notNull(),
    /** budget | actual */
    phase: text('phase').notNull(),
    serviceId: uuid('service_id'),
    centreId: uuid('centre_id'),
    /** staff | operating | investment | support | overhead */
    category: text('category').notNull(),
    label: text('label').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** Where the figure comes from: budget chapter and article, account, invoice… */
    sourceReference: text('source_reference'),
    /** Rule 4: the one participant the cost was incurred for. */
    attributedCollectivityId: uuid('attributed_collectivity_id'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.serviceId], foreignColumns: [sharedServices.territoryId, sharedServices.id] }),
    foreignKey({ columns: [t.territoryId, t.centreId], foreignColumns: [supportCentres.territoryId, supportCentres.id] }),
    foreignKey({ columns: [t.territoryId, t.attributedCollectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    index('cost_lines_year_idx').on(t.territoryId, t.year, t.phase),
  ],
);

/** A participant's driver value for a year (population, FTE, workstations… or a driver the territory defines). */
export const driverValues = pgTable(
  'driver_values',
  {
    ...territoryColumns(),
    collectivityId: uuid('collectivity_id').notNull(),
    year: integer('year').notNull(),
    driver: text('driver').notNull(),
    value: numeric('value').notNull(),
    source: text('source'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('driver_values_key').on(t.territoryId, t.year, t.collectivityId, t.driver),
  ],
);

/** One use of a service in units of work (CGCT D5211-16): forecast (for the budget) or actual. */
export const workUnits = pgTable(
  'work_units',
  {
    ...territoryColumns(),
    serviceId: uuid('service_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    usedOn: date('used_on', { mode: 'string' }).notNull(),
    units: numeric('units').notNull(),
    description: text('description').notNull(),
    forecast: boolean('forecast').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.serviceId], foreignColumns: [sharedServices.territoryId, sharedServices.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    index('work_units_service_idx').on(t.territoryId, t.serviceId, t.usedOn),
  ],
);

/** A charging run for a territory, year and phase; a validated run is immutable (trigger), a re-run is a new version. */
export const chargingRuns = pgTable(
  'charging_runs',
  {
    ...territoryColumns(),
    year: integer('year').notNull(),
    /** provisional | final */
    phase: text('phase').notNull(),
    version: integer('version').notNull(),
    /** draft | validated */
    status: text('status').notNull(),
    supportMethod: text('support_method').notNull(),
    /** SHA-256 of the inputs (cost lines, drivers, units, schemes, centres): same digest, same cents. */
    inputsDigest: text('inputs_digest').notNull(),
    /** The ServiceSummary of each service (totals, support received, units of work and the provider's gap). */
    services: jsonb('services').notNull(),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
    previousRunId: uuid('previous_run_id'),
    validatedAt: timestamp('validated_at', { withTimezone: true, mode: 'string' }),
    validatedBy: text('validated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    foreignKey({ columns: [t.territoryId, t.previousRunId], foreignColumns: [t.territoryId, t.id] }),
    unique('charging_runs_version_key').on(t.territoryId, t.year, t.phase, t.version),
  ],
);

/** One amount of a run: a participant's share of one cost line (or computed line), with its explanation. */
export const chargingRunLines = pgTable(
  'charging_run_lines',
  {
    ...territoryColumns(),
    runId: uuid('run_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    /** No foreign key: a validated run keeps its lines when a cost line is later corrected. */
    costLineId: uuid('cost_line_id'),
    category: text('category').notNull(),
    label: text('label').notNull(),
    sourceCents: bigint('source_cents', { mode: 'number' }).notNull(),
    componentIndex: integer('component_index'),
    componentPercent: text('component_percent'),
    explanation: jsonb('explanation').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.runId], foreignColumns: [chargingRuns.territoryId, chargingRuns.id] }),
    index('charging_run_lines_run_idx').on(t.territoryId, t.runId, t.collectivityId),
  ],
);

/** A participant's statement per service: its charge, installments due (provisional) or settlement (final), how it pays. */
export const statementLines = pgTable(
  'statement_lines',
  {
    ...territoryColumns(),
    runId: uuid('run_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    /** charge | installment | paid | settlement */
    kind: text('kind').notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** invoice | compensationDeduction */
    paymentRoute: text('payment_route').notNull(),
    label: text('label').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.runId], foreignColumns: [chargingRuns.territoryId, chargingRuns.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    index('statement_lines_run_idx').on(t.territoryId, t.runId, t.collectivityId),
  ],
);

/** An installment actually paid by a participant for a service and year (what the settlement deducts). */
export const installmentPayments = pgTable(
  'installment_payments',
  {
    ...territoryColumns(),
    collectivityId: uuid('collectivity_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    year: integer('year').notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    reference: text('reference'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    foreignKey({ columns: [t.territoryId, t.serviceId], foreignColumns: [sharedServices.territoryId, sharedServices.id] }),
    index('installment_payments_year_idx').on(t.territoryId, t.year),
  ],
);
