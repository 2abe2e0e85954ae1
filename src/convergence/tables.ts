import { date, foreignKey, index, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { territoryColumns } from '../platform/db/columns.ts';
import { territories } from '../platform/tables.ts';
import { collectivities } from '../territory/tables.ts';

/**
 * A convergence project: a tool or a rule the collectivities deploy or adopt together (the table of part V.3 of
 * the progress report). Its years keep their precision ("2016", "mars 2019"): the date columns hold the first day.
 */
export const convergenceProjects = pgTable(
  'convergence_projects',
  {
    ...territoryColumns(),
    /** software, partnership, steering. */
    category: text('category').notNull(),
    title: text('title').notNull(),
    /** The tool or the rule's short name (CORIOLIS, RIFSEEP…), when there is one. */
    tool: text('tool'),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    startedOnPrecision: text('started_on_precision').notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    endedOnPrecision: text('ended_on_precision'),
    /** planned, inProgress, done, abandoned. */
    status: text('status').notNull(),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId], foreignColumns: [territories.id] }),
    unique('convergence_projects_title_key').on(t.territoryId, t.title),
    index('convergence_projects_started_idx').on(t.territoryId, t.startedOn),
  ],
);

/** A collectivity taking part in a project, from a date and maybe until another (participants change over time). */
export const convergenceParticipants = pgTable(
  'convergence_participants',
  {
    ...territoryColumns(),
    projectId: uuid('project_id').notNull(),
    collectivityId: uuid('collectivity_id').notNull(),
    joinedOn: date('joined_on', { mode: 'string' }),
    joinedOnPrecision: text('joined_on_precision'),
    leftOn: date('left_on', { mode: 'string' }),
    leftOnPrecision: text('left_on_precision'),
  },
  (t) => [
    primaryKey({ columns: [t.territoryId, t.id] }),
    foreignKey({ columns: [t.territoryId, t.projectId], foreignColumns: [convergenceProjects.territoryId, convergenceProjects.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.territoryId, t.collectivityId], foreignColumns: [collectivities.territoryId, collectivities.id] }),
    unique('convergence_participants_key').on(t.territoryId, t.projectId, t.collectivityId),
    index('convergence_participants_collectivity_idx').on(t.territoryId, t.collectivityId),
  ],
);
