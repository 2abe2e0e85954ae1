import { boolean, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { territories } from '../platform/tables.ts';
import { collectivities } from '../territory/tables.ts';

/** A deliberating body: the EPCI council, its bureau, a municipal council, a commission. */
export const assemblyBodies = pgTable(
  'assembly_bodies',
  {
    ...territoryColumns(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    communeId: uuid('commune_id'),
    seats: integer('seats'),
    /** What the register should know about the composition (e.g. which data are illustrative). */
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    foreignKey({ columns: [t.territoryId, t.communeId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('assembly_bodies_name_key').on(t.territoryId, t.name),
  ],
);

/** The rules of a body's sittings, effective-dated (quorum, proxies, convocation delays). */
export const assemblyRuleSets = pgTable(
  'assembly_rule_sets',
  {
    ...territoryColumns(),
    bodyId: uuid('body_id').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    label: text('label').notNull(),
    legalBasis: text('legal_basis').notNull(),
    quorumNumerator: integer('quorum_numerator').notNull(),
    quorumDenominator: integer('quorum_denominator').notNull(),
    quorumComparison: text('quorum_comparison').notNull(),
    proxiesCountTowardQuorum: boolean('proxies_count_toward_quorum').notNull(),
    maxProxiesPerHolder: integer('max_proxies_per_holder').notNull(),
    convocationDays: integer('convocation_days').notNull(),
    urgencyMinDays: integer('urgency_min_days').notNull(),
    secondConvocationDays: integer('second_convocation_days').notNull(),
    proxyMaxSittings: integer('proxy_max_sittings').notNull(),
    explanatoryNoteRequired: boolean('explanatory_note_required').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.bodyId], foreignColumns: [assemblyBodies.territoryId, assemblyBodies.id] }),
    unique('assembly_rule_sets_from_key').on(t.territoryId, t.bodyId, t.validFrom),
  ],
);

/** An elected person (not a platform user). */
export const assemblyMembers = pgTable(
  'assembly_members',
  {
    ...territoryColumns(),
    civility: text('civility').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.territoryId, t.id] }), foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] })],
);

/** A member's term in a body, effective-dated: the commune represented, the role, titular or substitute. */
export const assemblyMandates = pgTable(
  'assembly_mandates',
  {
    ...territoryColumns(),
    memberId: uuid('member_id').notNull(),
    bodyId: uuid('body_id').notNull(),
    communeId: uuid('commune_id'),
    role: text('role').notNull(),
    seat: text('seat').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    rank: integer('rank'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.memberId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    foreignKey({ columns: [t.territoryId, t.bodyId], foreignColumns: [assemblyBodies.territoryId, assemblyBodies.id] }),
    foreignKey({ columns: [t.territoryId, t.communeId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    index('assembly_mandates_body_idx').on(t.territoryId, t.bodyId),
  ],
);

/** One sitting of a body: when, where, its convocation, who presides and keeps the minutes. */
export const assemblySittings = pgTable(
  'assembly_sittings',
  {
    ...territoryColumns(),
    bodyId: uuid('body_id').notNull(),
    sittingDate: date('sitting_date', { mode: 'string' }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'string' }).notNull(),
    place: text('place').notNull(),
    convokedOn: date('convoked_on', { mode: 'string' }).notNull(),
    urgency: boolean('urgency').notNull(),
    urgencyReason: text('urgency_reason'),
    explanatoryNoteSent: boolean('explanatory_note_sent').notNull(),
    convocation: text('convocation').notNull(),
    firstSittingId: uuid('first_sitting_id'),
    status: text('status').notNull(),
    presidentId: uuid('president_id'),
    secretaryId: uuid('secretary_id'),
    /** The sitting's event counter: orders arrivals, departures and proxies, and serializes their writers. */
    eventSeq: integer('event_seq').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.bodyId], foreignColumns: [assemblyBodies.territoryId, assemblyBodies.id] }),
    foreignKey({ columns: [t.territoryId, t.firstSittingId], foreignColumns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.presidentId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    foreignKey({ columns: [t.territoryId, t.secretaryId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    unique('assembly_sittings_body_start_key').on(t.territoryId, t.bodyId, t.startsAt),
  ],
);

/** An item of a sitting's agenda, in order, with its rapporteur. */
export const assemblyAgendaItems = pgTable(
  'assembly_agenda_items',
  {
    ...territoryColumns(),
    sittingId: uuid('sitting_id').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    rapporteurId: uuid('rapporteur_id'),
    report: text('report'),
    carriedFromItemId: uuid('carried_from_item_id'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.sittingId], foreignColumns: [assemblySittings.territoryId, assemblySittings.id] }),
    foreignKey({ columns: [t.territoryId, t.rapporteurId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    foreignKey({ columns: [t.territoryId, t.carriedFromItemId], foreignColumns: [t.territoryId, t.id] }),
    unique('assembly_agenda_items_position_key').on(t.territoryId, t.sittingId, t.position),
  ],
);

/** A member who sent an apology for the sitting; the note is seen by the secretariat only. */
export const assemblyExcuses = pgTable(
  'assembly_excuses',
  {
    ...territoryColumns(),
    sittingId: uuid('sitting_id').notNull(),
    memberId: uuid('member_id').notNull(),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.sittingId], foreignColumns: [assemblySittings.territoryId, assemblySittings.id] }),
    foreignKey({ columns: [t.territoryId, t.memberId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    unique('assembly_excuses_member_key').on(t.territoryId, t.sittingId, t.memberId),
  ],
);

/** An arrival or a departure, effective from an agenda item on. */
export const assemblyMovements = pgTable(
  'assembly_movements',
  {
    ...territoryColumns(),
    sittingId: uuid('sitting_id').notNull(),
    memberId: uuid('member_id').notNull(),
    kind: text('kind').notNull(),
    fromPosition: integer('from_position').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.sittingId], foreignColumns: [assemblySittings.territoryId, assemblySittings.id] }),
    foreignKey({ columns: [t.territoryId, t.memberId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    unique('assembly_movements_seq_key').on(t.territoryId, t.sittingId, t.seq),
  ],
);

/** A written proxy (pouvoir) from an absent member to a present one (CGCT L2121-20). */
export const assemblyProxies = pgTable(
  'assembly_proxies',
  {
    ...territoryColumns(),
    sittingId: uuid('sitting_id').notNull(),
    giverId: uuid('giver_id').notNull(),
    holderId: uuid('holder_id').notNull(),
    fromPosition: integer('from_position').notNull(),
    writtenOn: date('written_on', { mode: 'string' }).notNull(),
    illnessCertified: boolean('illness_certified').notNull(),
    revokedFromPosition: integer('revoked_from_position'),
    seq: integer('seq').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.sittingId], foreignColumns: [assemblySittings.territoryId, assemblySittings.id] }),
    foreignKey({ columns: [t.territoryId, t.giverId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    foreignKey({ columns: [t.territoryId, t.holderId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    unique('assembly_proxies_seq_key').on(t.territoryId, t.sittingId, t.seq),
  ],
);

/** A substitute sitting for the absent titular member of a single-seat commune (CGCT L5211-6). */
export const assemblySubstitutions = pgTable(
  'assembly_substitutions',
  {
    ...territoryColumns(),
    sittingId: uuid('sitting_id').notNull(),
    titularId: uuid('titular_id').notNull(),
    substituteId: uuid('substitute_id').notNull(),
    fromPosition: integer('from_position').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.sittingId], foreignColumns: [assemblySittings.territoryId, assemblySittings.id] }),
    foreignKey({ columns: [t.territoryId, t.titularId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    foreignKey({ columns: [t.territoryId, t.substituteId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    unique('assembly_substitutions_seq_key').on(t.territoryId, t.sittingId, t.seq),
  ],
);

/** A member who does not take part in an item because of a personal interest. */
export const assemblyWithdrawals = pgTable(
  'assembly_withdrawals',
  {
    ...territoryColumns(),
    itemId: uuid('item_id').notNull(),
    memberId: uuid('member_id').notNull(),
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.itemId], foreignColumns: [assemblyAgendaItems.territoryId, assemblyAgendaItems.id] }),
    foreignKey({ columns: [t.territoryId, t.memberId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    unique('assembly_withdrawals_member_key').on(t.territoryId, t.itemId, t.memberId),
  ],
);

/** The decision on an item: its tally, its result, and the attendance it was taken with (frozen). */
export const assemblyVotes = pgTable(
  'assembly_votes',
  {
    ...territoryColumns(),
    itemId: uuid('item_id').notNull(),
    mode: text('mode'),
    votesFor: integer('votes_for').notNull(),
    votesAgainst: integer('votes_against').notNull(),
    abstentions: integer('abstentions').notNull(),
    notVoting: integer('not_voting').notNull(),
    presidentChoice: text('president_choice'),
    result: text('result').notNull(),
    resultText: text('result_text').notNull(),
    inOffice: integer('in_office').notNull(),
    present: integer('present').notNull(),
    represented: integer('represented').notNull(),
    quorumRequired: integer('quorum_required'),
    quorumText: text('quorum_text').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.itemId], foreignColumns: [assemblyAgendaItems.territoryId, assemblyAgendaItems.id] }),
    unique('assembly_votes_item_key').on(t.territoryId, t.itemId),
  ],
);

/** Each member's vote in a public ballot with names (scrutin public). */
export const assemblyNominalVotes = pgTable(
  'assembly_nominal_votes',
  {
    ...territoryColumns(),
    itemId: uuid('item_id').notNull(),
    memberId: uuid('member_id').notNull(),
    choice: text('choice').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.itemId], foreignColumns: [assemblyAgendaItems.territoryId, assemblyAgendaItems.id] }),
    foreignKey({ columns: [t.territoryId, t.memberId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    unique('assembly_nominal_votes_member_key').on(t.territoryId, t.itemId, t.memberId),
  ],
);
