import { sql } from 'drizzle-orm';
import { rows, type Database } from './db/database.ts';
import { entryHash, GENESIS_HASH, type AuditEntry } from './audit.ts';

export interface ChainProblem {
  readonly seq: number;
  /** French, for the user. */
  readonly reason: string;
}

export interface ChainReport {
  readonly ok: boolean;
  readonly entries: number;
  readonly problems: readonly ChainProblem[];
}

interface Row {
  territory_id: string | null;
  seq: string | number;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

const BATCH = 2000;

/**
 * Walks a territory's audit chain (null: the global chain) in order: seq 1..n without gap, each entry
 * linked to the previous hash, each hash recomputed from the entry. An edited, inserted or deleted
 * entry breaks one of the three.
 */
export async function verifyAuditChain(db: Database, territoryId: string | null, onProgress?: (done: number) => void): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const batch = await db.transaction({ territoryId, personId: null }, (tx) =>
      rows<Row>(
        tx,
        sql`select territory_id, seq, at, actor_id, actor_label, action, entity, entity_id, before, after, prev_hash, hash
              from audit_log where territory_id is not distinct from ${territoryId}::uuid and seq >= ${expectedSeq}
             order by seq limit ${BATCH}`,
      ),
    );
    for (const row of batch) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) problems.push({ seq, reason: `entrée(s) ${expectedSeq} à ${seq - 1} manquante(s) : supprimée(s) ?` });
      if (row.prev_hash !== prevHash) problems.push({ seq, reason: "le lien vers l'entrée précédente est rompu" });
      const entry: Omit<AuditEntry, 'hash'> = {
        territoryId: row.territory_id,
        seq,
        at: row.at,
        actorId: row.actor_id,
        actorLabel: row.actor_label,
        action: row.action,
        entity: row.entity,
        entityId: row.entity_id,
        before: row.before,
        after: row.after,
        prevHash: row.prev_hash,
      };
      if (entryHash(entry) !== row.hash) problems.push({ seq, reason: "le contenu de l'entrée a été modifié après son enregistrement" });
      prevHash = row.hash;
      expectedSeq = seq + 1;
      count++;
      if (problems.length >= 100) return { ok: false, entries: count, problems };
    }
    onProgress?.(count);
    // Let other requests in between batches: PGlite runs queries on this thread.
    await new Promise((resolve) => setImmediate(resolve));
    if (batch.length < BATCH) break;
  }
  return { ok: problems.length === 0, entries: count, problems };
}
