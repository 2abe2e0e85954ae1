import { foreignKey, integer, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { territories } from '../platform/tables.ts';

/**
 * A narrative block of the yearly progress report: the text a person writes for one section of one year's report
 * (light markup, see report/model.ts). The data blocks are never stored: they are computed at each reading.
 */
export const reportNarratives = pgTable(
  'report_narratives',
  {
    ...territoryColumns(),
    /** The report's year (the report of year N is presented early in N and covers the data up to the end of N−1). */
    year: integer('year').notNull(),
    /** context, orientations, sharedServices, governance, purchasing, offers, convergence, finances. */
    section: text('section').notNull(),
    body: text('body').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    unique('report_narratives_year_section_key').on(t.territoryId, t.year, t.section),
  ],
);
