import { foreignKey, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { people, territories } from '../platform/tables.ts';
import { collectivities } from '../territory/tables.ts';

/** A person's role in a territory; a commune user is tied to their commune. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    ...territoryColumns(),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    collectivityId: uuid('collectivity_id'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('role_assignments_person_role_key').on(t.territoryId, t.personId, t.role, t.collectivityId).nullsNotDistinct(),
  ],
);
