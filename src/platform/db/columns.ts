import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Every row of territory data: its own id and its territory; keys include territory_id (Citus-ready). */
export function territoryColumns() {
  return {
    territoryId: uuid('territory_id').notNull(),
    id: uuid('id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  };
}
