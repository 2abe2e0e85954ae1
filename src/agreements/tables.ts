import { bigint, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { territories } from '../platform/tables.ts';
import { collectivities } from '../territory/tables.ts';

/**
 * A shared service (service commun, CGCT L5211-4-2), a service provision (mise à disposition, L5211-4-1) or a
 * service contract (prestation de services): what is pooled, by whom it is managed, since when.
 */
export const sharedServices = pgTable(
  'shared_services',
  {
    ...territoryColumns(),
    /** sharedService | serviceProvision | serviceContract */
    kind: text('kind').notNull(),
    /** Short stable code (imports and links refer to it), e.g. DGC, GTI. */
    reference: text('reference').notNull(),
    name: text('name').notNull(),
    theme: text('theme').notNull(),
    /** The EPCI by default; a commune chosen by the EPCI council otherwise (L5211-4-2). */
    managingCollectivityId: uuid('managing_collectivity_id').notNull(),
    createdOn: date('created_on', { mode: 'string' }),
    /** year | month | day: "depuis 2015", "février 2017". */
    createdOnPrecision: text('created_on_precision'),
    activities: text('activities').notNull(),
    /** planned | active | ended */
    status: text('status').notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    foreignKey({ columns: [t.territoryId, t.managingCollectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('shared_services_reference_key').on(t.territoryId, t.reference),
  ],
);

/** Who a service works for, effective-dated (a commune joins the Grands Travaux on 1 July 2018). */
export const serviceParticipants = pgTable(
  'service_participants',
  {
    ...territoryColumns(),
    serviceId: uuid('service_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.serviceId], foreignColumns: [sharedServices.territoryId, sharedServices.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    index('service_participants_service_idx').on(t.territoryId, t.serviceId),
    index('service_participants_collectivity_idx').on(t.territoryId, t.collectivityId),
  ],
);

/** An agreement (convention): one per service theme, or the general agreement (service_id null). */
export const agreements = pgTable(
  'agreements',
  {
    ...territoryColumns(),
    serviceId: uuid('service_id'),
    /** Stable code used by imports, e.g. CONV-GTI-2018. */
    reference: text('reference').notNull(),
    object: text('object').notNull(),
    signedOn: date('signed_on', { mode: 'string' }),
    /** The date the agreement says it takes effect; it is in force only once every party has approved. */
    inForceFrom: date('in_force_from', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    foreignKey({ columns: [t.territoryId, t.serviceId], foreignColumns: [sharedServices.territoryId, sharedServices.id] }),
    unique('agreements_reference_key').on(t.territoryId, t.reference),
    index('agreements_service_idx').on(t.territoryId, t.serviceId),
  ],
);

/** A party to an agreement: each one's assembly must approve it. */
export const agreementParties = pgTable(
  'agreement_parties',
  {
    ...territoryColumns(),
    agreementId: uuid('agreement_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.agreementId], foreignColumns: [agreements.territoryId, agreements.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('agreement_parties_key').on(t.territoryId, t.agreementId, t.collectivityId),
    index('agreement_parties_collectivity_idx').on(t.territoryId, t.collectivityId),
  ],
);

/** An amendment (avenant), effective-dated, with the charging scheme annexed to it (charging-scheme.ts). */
export const amendments = pgTable(
  'amendments',
  {
    ...territoryColumns(),
    agreementId: uuid('agreement_id').notNull(),
    number: integer('number').notNull(),
    object: text('object').notNull(),
    signedOn: date('signed_on', { mode: 'string' }),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** A ChargingScheme, validated with schemeProblems before it is written. */
    chargingScheme: jsonb('charging_scheme').notNull(),
    /** Service provisions (D5211-16): the unit of work and the forecast number of units per year. */
    workUnit: text('work_unit'),
    forecastUnits: numeric('forecast_units'),
    /** The impact sheet on staff (fiche d'impact, L5211-4-2). */
    impactSheet: text('impact_sheet'),
    /** The staff committee's opinion (comité social territorial). */
    staffCommitteeOpinionOn: date('staff_committee_opinion_on', { mode: 'string' }),
    staffCommitteeOpinion: text('staff_committee_opinion'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.agreementId], foreignColumns: [agreements.territoryId, agreements.id] }),
    unique('amendments_number_key').on(t.territoryId, t.agreementId, t.number),
  ],
);

/** A participant of an amendment: how it pays (invoice or AC deduction) and on which installment schedule. */
export const amendmentParticipants = pgTable(
  'amendment_participants',
  {
    ...territoryColumns(),
    amendmentId: uuid('amendment_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    /** invoice | compensationDeduction (CGI 1609 nonies C) */
    paymentRoute: text('payment_route').notNull(),
    /** [{ dueOn: 'MM-DD', percent: '50' }]: installments within the year, percents totalling 100. */
    installments: jsonb('installments').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.amendmentId], foreignColumns: [amendments.territoryId, amendments.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('amendment_participants_key').on(t.territoryId, t.amendmentId, t.collectivityId),
    index('amendment_participants_collectivity_idx').on(t.territoryId, t.collectivityId),
  ],
);

/** One assembly's approval of an agreement or of an amendment (exactly one of the two), in any order. */
export const approvals = pgTable(
  'approvals',
  {
    ...territoryColumns(),
    agreementId: uuid('agreement_id'),
    amendmentId: uuid('amendment_id'),
    collectivityId: uuid('collectivity_id').notNull(),
    /** The assembly that deliberated: "Bureau métropolitain", "Conseil municipal"… */
    body: text('body').notNull(),
    approvedOn: date('approved_on', { mode: 'string' }).notNull(),
    deliberationReference: text('deliberation_reference'),
    /** The Mutualis deliberation, once one exists (no foreign key: deliberations is another module). */
    deliberationId: uuid('deliberation_id'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.agreementId], foreignColumns: [agreements.territoryId, agreements.id] }),
    foreignKey({ columns: [t.territoryId, t.amendmentId], foreignColumns: [amendments.territoryId, amendments.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('approvals_agreement_key').on(t.territoryId, t.agreementId, t.collectivityId),
    unique('approvals_amendment_key').on(t.territoryId, t.amendmentId, t.collectivityId),
  ],
);

/** An agent or post working for a service: transferred, or placed at its disposal for part of their time. */
export const staff = pgTable(
  'staff',
  {
    ...territoryColumns(),
    serviceId: uuid('service_id').notNull(),
    originCollectivityId: uuid('origin_collectivity_id').notNull(),
    /** The post (poste), e.g. "Directeur des systèmes d'information". */
    post: text('post').notNull(),
    /** The agent's name, when the post is filled (individual data: finance and the service head only). */
    agentName: text('agent_name'),
    /** transferred | placedAtDisposal */
    status: text('status').notNull(),
    fte: numeric('fte').notNull(),
    yearlyCostCents: bigint('yearly_cost_cents', { mode: 'number' }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.serviceId], foreignColumns: [sharedServices.territoryId, sharedServices.id] }),
    foreignKey({ columns: [t.territoryId, t.originCollectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    index('staff_service_idx').on(t.territoryId, t.serviceId),
  ],
);

/** The steering committee of an agreement (comité de pilotage): representatives of each participant. */
export const steeringCommittees = pgTable(
  'steering_committees',
  {
    ...territoryColumns(),
    agreementId: uuid('agreement_id').notNull(),
    name: text('name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.agreementId], foreignColumns: [agreements.territoryId, agreements.id] }),
    unique('steering_committees_agreement_key').on(t.territoryId, t.agreementId),
  ],
);

export const steeringCommitteeMembers = pgTable(
  'steering_committee_members',
  {
    ...territoryColumns(),
    committeeId: uuid('committee_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    name: text('name').notNull(),
    /** Their role on the committee: "Élu référent", "Directeur général des services"… */
    role: text('role').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.committeeId], foreignColumns: [steeringCommittees.territoryId, steeringCommittees.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    index('steering_committee_members_committee_idx').on(t.territoryId, t.committeeId),
  ],
);

export const steeringCommitteeMeetings = pgTable(
  'steering_committee_meetings',
  {
    ...territoryColumns(),
    committeeId: uuid('committee_id').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    agenda: text('agenda').notNull(),
    /** The decisions taken, in order. */
    decisions: text('decisions').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.committeeId], foreignColumns: [steeringCommittees.territoryId, steeringCommittees.id] }),
    index('steering_committee_meetings_committee_idx').on(t.territoryId, t.committeeId, t.heldOn),
  ],
);

/**
 * A commune's attribution de compensation for a year (CGI 1609 nonies C), as set after the CLECT report.
 * Deductions for shared services are rows of compensation_deductions; the net amount is computed from them.
 */
export const compensationAllocations = pgTable(
  'compensation_allocations',
  {
    ...territoryColumns(),
    communeId: uuid('commune_id').notNull(),
    year: integer('year').notNull(),
    /** After the CLECT report; negative when the commune owes the EPCI. */
    clectAmountCents: bigint('clect_amount_cents', { mode: 'number' }).notNull(),
    clectReportOn: date('clect_report_on', { mode: 'string' }),
    deliberationReference: text('deliberation_reference'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.communeId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('compensation_allocations_key').on(t.territoryId, t.communeId, t.year),
  ],
);

/** A shared service's charge deducted from a commune's AC for a year; written by recordCompensationDeduction. */
export const compensationDeductions = pgTable(
  'compensation_deductions',
  {
    ...territoryColumns(),
    communeId: uuid('commune_id').notNull(),
    year: integer('year').notNull(),
    serviceId: uuid('service_id').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** Where it comes from, e.g. "charging:<run id>" or "manual"; one row per commune, year, service and source. */
    source: text('source').notNull(),
    label: text('label').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.communeId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    foreignKey({ columns: [t.territoryId, t.serviceId], foreignColumns: [sharedServices.territoryId, sharedServices.id] }),
    unique('compensation_deductions_key').on(t.territoryId, t.communeId, t.year, t.serviceId, t.source),
    index('compensation_deductions_year_idx').on(t.territoryId, t.year),
  ],
);
