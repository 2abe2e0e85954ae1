import { date, foreignKey, integer, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { territories } from '../platform/tables.ts';
import { collectivities } from '../territory/tables.ts';

/** The schéma de mutualisation (CGCT L5211-39-1): its adoption, orientations and principles. */
export const poolingSchemes = pgTable(
  'pooling_schemes',
  {
    ...territoryColumns(),
    title: text('title').notNull(),
    /** The day the draft was sent to the communes' councils: their 3 months to give an opinion start then. */
    sentToCommunesOn: date('sent_to_communes_on', { mode: 'string' }),
    adoptedOn: date('adopted_on', { mode: 'string' }),
    adoptedOnPrecision: text('adopted_on_precision'),
    adoptingBody: text('adopting_body'),
    deliberationReference: text('deliberation_reference'),
    context: text('context').notNull(),
    orientations: text('orientations').array().notNull(),
    principles: text('principles').array().notNull(),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.territoryId, t.id] }), foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] })],
);

/** A planned action of the scheme, under one of its orientations, with its status. */
export const schemeActions = pgTable(
  'scheme_actions',
  {
    ...territoryColumns(),
    schemeId: uuid('scheme_id').notNull(),
    /** 1-based number of the orientation it serves, or null. */
    orientation: integer('orientation'),
    title: text('title').notNull(),
    description: text('description'),
    /** planned, inProgress, done, abandoned. */
    status: text('status').notNull(),
    startedOn: date('started_on', { mode: 'string' }),
    startedOnPrecision: text('started_on_precision'),
    completedOn: date('completed_on', { mode: 'string' }),
    completedOnPrecision: text('completed_on_precision'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.schemeId], foreignColumns: [poolingSchemes.territoryId, poolingSchemes.id] }),
    unique('scheme_actions_title_key').on(t.territoryId, t.schemeId, t.title),
  ],
);

/** A commune council's explicit opinion on the scheme (silence within 3 months counts as favourable: not stored). */
export const schemeOpinions = pgTable(
  'scheme_opinions',
  {
    ...territoryColumns(),
    schemeId: uuid('scheme_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    /** favourable, unfavourable. */
    opinion: text('opinion').notNull(),
    givenOn: date('given_on', { mode: 'string' }).notNull(),
    deliberationReference: text('deliberation_reference'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.schemeId], foreignColumns: [poolingSchemes.territoryId, poolingSchemes.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('scheme_opinions_key').on(t.territoryId, t.schemeId, t.collectivityId),
  ],
);
