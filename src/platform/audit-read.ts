import { sql } from 'drizzle-orm';
import { rows, type Database } from './db/database.ts';

export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export interface AuditQuery {
  readonly limit: number;
  /** Keyset paging: entries older than this seq. */
  readonly beforeSeq?: number | undefined;
  readonly entity?: string | undefined;
  readonly actorLabel?: string | undefined;
}

/** A territory's audit entries, newest first. */
export async function listAuditEntries(db: Database, territoryId: string, query: AuditQuery): Promise<AuditRow[]> {
  const found = await db.transaction({ territoryId, personId: null }, (tx) =>
    rows<{ seq: string | number; at: string; actor_id: string | null; actor_label: string; action: string; entity: string; entity_id: string | null; before: unknown; after: unknown }>(
      tx,
      sql`select seq, at, actor_id, actor_label, action, entity, entity_id, before, after from audit_log
           where territory_id = ${territoryId}::uuid
             ${query.beforeSeq !== undefined ? sql`and seq < ${query.beforeSeq}` : sql``}
             ${query.entity ? sql`and entity = ${query.entity}` : sql``}
             ${query.actorLabel ? sql`and actor_label = ${query.actorLabel}` : sql``}
           order by seq desc limit ${query.limit}`,
    ),
  );
  return found.map((r) => ({
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
  }));
}
