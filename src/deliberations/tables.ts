import { customType, date, foreignKey, index, integer, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { territories } from '../platform/tables.ts';
import { assemblyAgendaItems, assemblyBodies, assemblyMembers, assemblySittings } from '../assemblies/tables.ts';

const bytea = customType<{ data: Uint8Array; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/** The numbering of a territory's deliberations for one year: its pattern and the last number given (one row, locked to number). */
export const deliberationCounters = pgTable(
  'deliberation_counters',
  {
    ...territoryColumns(),
    year: integer('year').notNull(),
    /** e.g. "{AAAA}.{NNNNN}" → 2020.00079; fixed once the year's first deliberation is numbered. */
    pattern: text('pattern').notNull(),
    lastNumber: integer('last_number').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    unique('deliberation_counters_year_key').on(t.territoryId, t.year),
  ],
);

/** A deliberation: the decision of a body on an agenda item, numbered in the year's register; immutable once adopted. */
export const deliberations = pgTable(
  'deliberations',
  {
    ...territoryColumns(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    number: text('number').notNull(),
    itemId: uuid('item_id').notNull(),
    sittingId: uuid('sitting_id').notNull(),
    bodyId: uuid('body_id').notNull(),
    adoptedOn: date('adopted_on', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    /** ACTES matière, e.g. "5.7". */
    matterCode: text('matter_code').notNull(),
    recitals: text('recitals').notNull(),
    decision: text('decision').notNull(),
    /** The substance of the debates, for the minutes (CGCT L2121-15). */
    debates: text('debates'),
    rapporteurId: uuid('rapporteur_id'),
    /** noted | adopted | rejected, from the item's vote. */
    outcome: text('outcome').notNull(),
    actesId: text('actes_id'),
    transmittedOn: date('transmitted_on', { mode: 'string' }),
    transmissionChannel: text('transmission_channel'),
    acknowledgedOn: date('acknowledged_on', { mode: 'string' }),
    publishedOn: date('published_on', { mode: 'string' }),
    enforceableOn: date('enforceable_on', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.itemId], foreignColumns: [assemblyAgendaItems.territoryId, assemblyAgendaItems.id] }),
    foreignKey({ columns: [t.territoryId, t.sittingId], foreignColumns: [assemblySittings.territoryId, assemblySittings.id] }),
    foreignKey({ columns: [t.territoryId, t.bodyId], foreignColumns: [assemblyBodies.territoryId, assemblyBodies.id] }),
    foreignKey({ columns: [t.territoryId, t.rapporteurId], foreignColumns: [assemblyMembers.territoryId, assemblyMembers.id] }),
    unique('deliberations_seq_key').on(t.territoryId, t.year, t.seq),
    unique('deliberations_number_key').on(t.territoryId, t.number),
    unique('deliberations_item_key').on(t.territoryId, t.itemId),
    unique('deliberations_actes_key').on(t.territoryId, t.actesId),
    index('deliberations_sitting_idx').on(t.territoryId, t.sittingId),
  ],
);

/** A file annexed to a deliberation: uploaded, or a document Mutualis produced (the progress report). Stored in the database. */
export const deliberationAnnexes = pgTable(
  'deliberation_annexes',
  {
    ...territoryColumns(),
    deliberationId: uuid('deliberation_id').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    filename: text('filename').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    /** upload | document */
    source: text('source').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.deliberationId], foreignColumns: [deliberations.territoryId, deliberations.id] }),
    unique('deliberation_annexes_position_key').on(t.territoryId, t.deliberationId, t.position),
  ],
);
