import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.ts';
import { reportNarratives } from './tables.ts';

// All SQL of the report module. Every query names its territory, inside a transaction scoped for RLS.

export interface NarrativeRow {
  readonly id: string;
  readonly year: number;
  readonly section: string;
  readonly body: string;
  readonly updatedAt: string;
}

const toRow = (r: typeof reportNarratives.$inferSelect): NarrativeRow => ({ id: r.id, year: r.year, section: r.section, body: r.body, updatedAt: r.updatedAt });

/** The narrative blocks written for `year` and the years before (the pre-fill reads the latest earlier one). */
export async function listNarratives(tx: Tx, territoryId: string, upToYear: number): Promise<NarrativeRow[]> {
  const found = await tx
    .select()
    .from(reportNarratives)
    .where(and(eq(reportNarratives.territoryId, territoryId), lte(reportNarratives.year, upToYear)))
    .orderBy(asc(reportNarratives.year), asc(reportNarratives.section));
  return found.map(toRow);
}

export async function findNarrative(tx: Tx, territoryId: string, year: number, section: string): Promise<NarrativeRow | null> {
  const [row] = await tx
    .select()
    .from(reportNarratives)
    .where(and(eq(reportNarratives.territoryId, territoryId), eq(reportNarratives.year, year), eq(reportNarratives.section, section)));
  return row ? toRow(row) : null;
}

export async function insertNarrative(tx: Tx, territoryId: string, row: { id: string; year: number; section: string; body: string }): Promise<void> {
  await tx.insert(reportNarratives).values({ territoryId, ...row });
}

export async function updateNarrative(tx: Tx, territoryId: string, id: string, body: string): Promise<void> {
  await tx
    .update(reportNarratives)
    .set({ body, updatedAt: sql`now()` })
    .where(and(eq(reportNarratives.territoryId, territoryId), eq(reportNarratives.id, id)));
}
