import { bigint, boolean, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { territories } from '../platform/tables.ts';
import { collectivities } from '../territory/tables.ts';

/** A groupement de commandes (CCP L2113-6): its constitutive agreement is held on the same row (one per group). */
export const purchasingGroups = pgTable(
  'purchasing_groups',
  {
    ...territoryColumns(),
    reference: text('reference').notNull(),
    object: text('object').notNull(),
    /** works, supplies, services (one or more). */
    scopes: text('scopes').array().notNull(),
    categories: text('categories').array().notNull(),
    coordinatorId: uuid('coordinator_id').notNull(),
    status: text('status').notNull(),
    /** The constitutive agreement: signature date (the group counts in that year), duration, coordinator's mission. */
    agreementSignedOn: date('agreement_signed_on', { mode: 'string' }),
    agreementDurationMonths: integer('agreement_duration_months'),
    coordinatorMission: text('coordinator_mission').notNull(),
    /** Launch of the joint procedure: needs are frozen from then on. */
    launchedOn: date('launched_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    foreignKey({ columns: [t.territoryId, t.coordinatorId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('purchasing_groups_reference_key').on(t.territoryId, t.reference),
    index('purchasing_groups_signed_idx').on(t.territoryId, t.agreementSignedOn),
  ],
);

/** A member of a group, with the deliberation by which its assembly approved the agreement. */
export const purchasingGroupMembers = pgTable(
  'purchasing_group_members',
  {
    ...territoryColumns(),
    groupId: uuid('group_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    approvalBody: text('approval_body'),
    approvalDate: date('approval_date', { mode: 'string' }),
    approvalReference: text('approval_reference'),
    /** The assemblies module's deliberation, once it exists (no foreign key: that module comes later). */
    deliberationId: uuid('deliberation_id'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.groupId], foreignColumns: [purchasingGroups.territoryId, purchasingGroups.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('purchasing_group_members_key').on(t.territoryId, t.groupId, t.collectivityId),
    index('purchasing_group_members_collectivity_idx').on(t.territoryId, t.collectivityId),
  ],
);

/** A lot of the group's joint procurement, for which members state their needs. */
export const purchasingLots = pgTable(
  'purchasing_lots',
  {
    ...territoryColumns(),
    groupId: uuid('group_id').notNull(),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    /** The unit needs are counted in (tonne, m², poste…), when quantities are asked. */
    unit: text('unit'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.groupId], foreignColumns: [purchasingGroups.territoryId, purchasingGroups.id] }),
    unique('purchasing_lots_number_key').on(t.territoryId, t.groupId, t.number),
  ],
);

/** One member's declared need for one lot (recensement des besoins). */
export const needs = pgTable(
  'needs',
  {
    ...territoryColumns(),
    lotId: uuid('lot_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    quantity: numeric('quantity'),
    estimatedCents: bigint('estimated_cents', { mode: 'number' }),
    comment: text('comment'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.lotId], foreignColumns: [purchasingLots.territoryId, purchasingLots.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('needs_lot_member_key').on(t.territoryId, t.lotId, t.collectivityId),
  ],
);

/** A public contract (marché): from a group, by a shared direction alone, or on its own; with every DECP v2 field. */
export const contracts = pgTable(
  'contracts',
  {
    ...territoryColumns(),
    /** DECP id: the buyer's internal number, 1 to 16 characters. */
    reference: text('reference').notNull(),
    groupId: uuid('group_id'),
    lotId: uuid('lot_id'),
    sharedDirection: text('shared_direction'),
    /** Who signs: a collectivity of the register, or only a SIRET as published (imported contracts of outside buyers). */
    buyerId: uuid('buyer_id'),
    buyerSiret: text('buyer_siret').notNull(),
    nature: text('nature').notNull(),
    object: text('object').notNull(),
    cpvCode: text('cpv_code').notNull(),
    procedure: text('procedure').notNull(),
    techniques: text('techniques').array().notNull(),
    executionMethods: text('execution_methods').array().notNull(),
    frameworkAgreementId: text('framework_agreement_id'),
    innovative: boolean('innovative').notNull(),
    ccag: text('ccag').notNull(),
    offersReceived: integer('offers_received').notNull(),
    advancePaid: boolean('advance_paid').notNull(),
    advanceRate: numeric('advance_rate'),
    operatorGrouping: text('operator_grouping').notNull(),
    subcontractingDeclared: boolean('subcontracting_declared').notNull(),
    placeCode: text('place_code').notNull(),
    placeCodeType: text('place_code_type').notNull(),
    durationMonths: integer('duration_months').notNull(),
    notifiedOn: date('notified_on', { mode: 'string' }).notNull(),
    dataPublishedOn: date('data_published_on', { mode: 'string' }),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    priceForm: text('price_form').notNull(),
    priceTypes: text('price_types').array().notNull(),
    originEu: numeric('origin_eu'),
    originFrance: numeric('origin_france'),
    socialConsiderations: text('social_considerations').array().notNull(),
    environmentalConsiderations: text('environmental_considerations').array().notNull(),
    /** Where the row came from: entered, demo, or the DECP file it was imported from. */
    source: text('source').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    foreignKey({ columns: [t.territoryId, t.groupId], foreignColumns: [purchasingGroups.territoryId, purchasingGroups.id] }),
    foreignKey({ columns: [t.territoryId, t.lotId], foreignColumns: [purchasingLots.territoryId, purchasingLots.id] }),
    foreignKey({ columns: [t.territoryId, t.buyerId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    // DECP: an id is unique for its buyer.
    unique('contracts_buyer_reference_key').on(t.territoryId, t.buyerSiret, t.reference),
    index('contracts_group_idx').on(t.territoryId, t.groupId),
    index('contracts_notified_idx').on(t.territoryId, t.notifiedOn),
  ],
);

/** A supplier (titulaire) of a contract: its identifier as DECP has it, and its name, which DECP v2 does not carry. */
export const contractSuppliers = pgTable(
  'contract_suppliers',
  {
    ...territoryColumns(),
    contractId: uuid('contract_id').notNull(),
    position: integer('position').notNull(),
    identifier: text('identifier').notNull(),
    identifierType: text('identifier_type').notNull(),
    name: text('name'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.contractId], foreignColumns: [contracts.territoryId, contracts.id] }),
    unique('contract_suppliers_position_key').on(t.territoryId, t.contractId, t.position),
  ],
);

/** A modification (avenant) of a contract: its new amount and duration, and the new suppliers if they change. */
export const contractModifications = pgTable(
  'contract_modifications',
  {
    ...territoryColumns(),
    contractId: uuid('contract_id').notNull(),
    seq: integer('seq').notNull(),
    notifiedOn: date('notified_on', { mode: 'string' }).notNull(),
    publishedOn: date('published_on', { mode: 'string' }).notNull(),
    durationMonths: integer('duration_months'),
    amountCents: bigint('amount_cents', { mode: 'number' }),
    /** [{ identifier, identifierType }] as published, when the modification changes the suppliers. */
    suppliers: jsonb('suppliers'),
    object: text('object'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.contractId], foreignColumns: [contracts.territoryId, contracts.id] }),
    unique('contract_modifications_seq_key').on(t.territoryId, t.contractId, t.seq),
  ],
);

/** A special act of subcontracting (acte spécial de sous-traitance) notified under a contract, and its later changes. */
export const subcontractingActs = pgTable(
  'subcontracting_acts',
  {
    ...territoryColumns(),
    contractId: uuid('contract_id').notNull(),
    seq: integer('seq').notNull(),
    subcontractorIdentifier: text('subcontractor_identifier').notNull(),
    subcontractorIdentifierType: text('subcontractor_identifier_type').notNull(),
    durationMonths: integer('duration_months').notNull(),
    notifiedOn: date('notified_on', { mode: 'string' }).notNull(),
    publishedOn: date('published_on', { mode: 'string' }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    priceVariation: text('price_variation').notNull(),
    /** [{ seq, durationMonths?, amountCents?, notifiedOn, publishedOn }]: modificationsActesSousTraitance. */
    modifications: jsonb('modifications').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.contractId], foreignColumns: [contracts.territoryId, contracts.id] }),
    unique('subcontracting_acts_seq_key').on(t.territoryId, t.contractId, t.seq),
  ],
);

/** What a member ordered or was invoiced under a contract, for a period (a year or a month). */
export const consumptions = pgTable(
  'consumptions',
  {
    ...territoryColumns(),
    contractId: uuid('contract_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    /** YYYY or YYYY-MM. */
    period: text('period').notNull(),
    kind: text('kind').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    reference: text('reference'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.contractId], foreignColumns: [contracts.territoryId, contracts.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('consumptions_key').on(t.territoryId, t.contractId, t.collectivityId, t.period, t.kind),
  ],
);
