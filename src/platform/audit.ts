import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Tx } from './db/database.ts';
import { auditLog } from './tables.ts';
import { newId } from './ids.ts';

/** Who made a change: a person, or the system (CLI, demo loader) with a label. */
export interface Actor {
  readonly personId: string | null;
  readonly label: string;
}
export const SYSTEM_ACTOR: Actor = Object.freeze({ personId: null, label: 'système' });

export interface AuditChange {
  readonly action: string;
  /** The table changed. */
  readonly entity: string;
  readonly entityId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export interface AuditEntry extends AuditChange {
  readonly territoryId: string | null;
  readonly seq: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, as jsonb would give them back in any order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash that links an entry to the previous one. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const body = canonicalJson({
    territoryId: e.territoryId,
    seq: e.seq,
    at: new Date(e.at).toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
  });
  return createHash('sha256').update(e.prevHash).update('\n').update(body).digest('hex');
}

/** Removes what must never be stored in the log (password hashes, token hashes). */
function redact(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value ?? null;
  if (Array.isArray(value)) return value.map(redact);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = /password|tokenHash|token_hash/i.test(k) ? (v == null ? null : '[masqué]') : redact(v);
  }
  return out;
}

/**
 * Appends changes to the territory's chain, in the caller's transaction. The advisory lock
 * serializes writers of one chain, so seq has no gap and no duplicate.
 */
/** Calls of recordAudit while serving the current request (the audit check of the tests reads it). */
export const auditedInRequest = new AsyncLocalStorage<{ calls: number }>();

export async function recordAudit(tx: Tx, territoryId: string | null, actor: Actor, changes: readonly AuditChange[]): Promise<void> {
  // A use case that found nothing to change still calls recordAudit: the check of the tests counts the call.
  const counter = auditedInRequest.getStore();
  if (counter) counter.calls += 1;
  if (changes.length === 0) return;
  const chain = territoryId ?? 'global';
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${chain}`}, 0))`);
  const [last] = await rows<{ seq: string | number; hash: string }>(
    tx,
    sql`select seq, hash from audit_log where territory_id is not distinct from ${territoryId}::uuid order by seq desc limit 1`,
  );
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last ? last.hash : GENESIS_HASH;
  const at = new Date().toISOString();
  const values = changes.map((change) => {
    seq += 1;
    const entry = {
      territoryId,
      seq,
      at,
      actorId: actor.personId,
      actorLabel: actor.label,
      action: change.action,
      entity: change.entity,
      entityId: change.entityId,
      before: redact(change.before),
      after: redact(change.after),
      prevHash,
    };
    const hash = entryHash(entry);
    prevHash = hash;
    return { id: newId(), ...entry, hash };
  });
  for (let i = 0; i < values.length; i += 500) await tx.insert(auditLog).values(values.slice(i, i + 500));
}
