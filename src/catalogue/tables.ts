import { date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { territories } from '../platform/tables.ts';
import { collectivities } from '../territory/tables.ts';

/**
 * An offer of the catalogue of services to communes: a tool, a support, a membership taken on the communes' behalf,
 * a network of referents, a training plan or an event. Eligibility is data (jsonb, read by model.ts).
 */
export const catalogueOffers = pgTable(
  'catalogue_offers',
  {
    ...territoryColumns(),
    /** Short stable code (sig, rgpd, afcdp…): what imports name. */
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    kind: text('kind').notNull(),
    domain: text('domain').notNull(),
    /** Who provides it: the EPCI, a commune (the GIS is the Ville de Saint-Étienne's); the shared service by name. */
    providerId: uuid('provider_id').notNull(),
    providerService: text('provider_service'),
    launchedOn: text('launched_on'),
    launchPrecision: text('launch_precision'),
    status: text('status').notNull(),
    /** Sub-items with their own launch (the GIS's applications of October 2019). */
    subItems: jsonb('sub_items').notNull(),
    eligibility: jsonb('eligibility').notNull(),
    pricing: text('pricing').notNull(),
    /** The charging module's key, by name, until that module exists (then a foreign key). */
    allocationKey: text('allocation_key'),
    contact: text('contact'),
    /** The referents' theme of a network (dsi, com, dgs): its members are the communes' referents of that theme. */
    theme: text('theme'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    foreignKey({ columns: [t.territoryId, t.providerId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('catalogue_offers_code_key').on(t.territoryId, t.code),
  ],
);

/** A commune's subscription (adhésion) to an offer: requested, then approved (active from a date, maybe ended) or refused. */
export const catalogueSubscriptions = pgTable(
  'catalogue_subscriptions',
  {
    ...territoryColumns(),
    offerId: uuid('offer_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    status: text('status').notNull(),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    requestNote: text('request_note'),
    decidedOn: date('decided_on', { mode: 'string' }),
    refusalReason: text('refusal_reason'),
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.offerId], foreignColumns: [catalogueOffers.territoryId, catalogueOffers.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    index('catalogue_subscriptions_offer_idx').on(t.territoryId, t.offerId),
    index('catalogue_subscriptions_collectivity_idx').on(t.territoryId, t.collectivityId),
  ],
);

/** Access accounts opened under a subscription: a number of them, or one named holder (a driver for charging). */
export const catalogueAccounts = pgTable(
  'catalogue_accounts',
  {
    ...territoryColumns(),
    subscriptionId: uuid('subscription_id').notNull(),
    count: integer('count').notNull(),
    holderName: text('holder_name'),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.subscriptionId], foreignColumns: [catalogueSubscriptions.territoryId, catalogueSubscriptions.id] }),
  ],
);

/** The referent of a commune for a theme (club DSI, club COM, DGS): name public in the territory, contact details restricted. */
export const catalogueReferents = pgTable(
  'catalogue_referents',
  {
    ...territoryColumns(),
    collectivityId: uuid('collectivity_id').notNull(),
    theme: text('theme').notNull(),
    name: text('name').notNull(),
    position: text('position'),
    email: text('email'),
    phone: text('phone'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('catalogue_referents_key').on(t.territoryId, t.collectivityId, t.theme),
  ],
);

/** A meeting of a network or an event of an offer (the UGAP day), with people from outside the territory counted apart. */
export const catalogueMeetings = pgTable(
  'catalogue_meetings',
  {
    ...territoryColumns(),
    offerId: uuid('offer_id').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    topic: text('topic').notNull(),
    place: text('place'),
    outsideAttendees: integer('outside_attendees').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.offerId], foreignColumns: [catalogueOffers.territoryId, catalogueOffers.id] }),
    index('catalogue_meetings_offer_idx').on(t.territoryId, t.offerId, t.heldOn),
  ],
);

/** How many people of one collectivity attended a meeting. */
export const catalogueAttendances = pgTable(
  'catalogue_attendances',
  {
    ...territoryColumns(),
    meetingId: uuid('meeting_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    attendees: integer('attendees').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.meetingId], foreignColumns: [catalogueMeetings.territoryId, catalogueMeetings.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('catalogue_attendances_key').on(t.territoryId, t.meetingId, t.collectivityId),
  ],
);

/** A training session of an offer. */
export const catalogueTrainingSessions = pgTable(
  'catalogue_trainings',
  {
    ...territoryColumns(),
    offerId: uuid('offer_id').notNull(),
    /** What imports of trainees name. */
    reference: text('reference').notNull(),
    topic: text('topic').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place'),
    trainer: text('trainer'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.offerId], foreignColumns: [catalogueOffers.territoryId, catalogueOffers.id] }),
    unique('catalogue_trainings_reference_key').on(t.territoryId, t.reference),
  ],
);

/**
 * A trainee of a session. `personRef` stays when the personal data (name, role) is anonymised after the retention
 * period, so that the people trained and the communes represented are still counted.
 */
export const catalogueTrainees = pgTable(
  'catalogue_trainees',
  {
    ...territoryColumns(),
    sessionId: uuid('session_id').notNull(),
    personRef: uuid('person_ref').notNull(),
    name: text('name'),
    role: text('role'),
    /** A collectivity of the territory, or else the outside body's name (counted apart). */
    collectivityId: uuid('collectivity_id'),
    outsideBody: text('outside_body'),
    anonymisedOn: date('anonymised_on', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.sessionId], foreignColumns: [catalogueTrainingSessions.territoryId, catalogueTrainingSessions.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('catalogue_trainees_key').on(t.territoryId, t.sessionId, t.personRef),
  ],
);

/** The territory's catalogue settings (one row): how long trainees' personal data is kept. */
export const catalogueSettings = pgTable(
  'catalogue_settings',
  {
    ...territoryColumns(),
    traineeRetentionMonths: integer('trainee_retention_months').notNull(),
  },
  (t) => [primaryKey({ columns: [t.territoryId, t.id] }), foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }), unique('catalogue_settings_key').on(t.territoryId)],
);
