import { bigint, boolean, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/** The tenants. Global: its name and SIREN are public, and login needs them before a territory is chosen. */
export const territories = pgTable('territories', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  siren: text('siren').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** People are global: one person may hold roles in several territories. */
export const people = pgTable('people', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash'),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** Server-side sessions: only the SHA-256 of the cookie's token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('sessions_person_idx').on(t.personId)],
);

/** Per-user API tokens (Authorization: Bearer …); only the SHA-256 is stored. */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  personId: uuid('person_id').notNull().references(() => people.id, { onDelete: 'cascade' }),
  label: text('label').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
});

/**
 * Append-only audit log, one hash chain per territory (territory_id null: the global chain).
 * The application role may only insert and read it.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').notNull().primaryKey(),
    territoryId: uuid('territory_id'),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [unique('audit_log_chain_seq').on(t.territoryId, t.seq).nullsNotDistinct(), index('audit_log_entity_idx').on(t.territoryId, t.entity, t.entityId)],
);

