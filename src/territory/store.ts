import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../platform/db/database.ts';
import { collectivities, epciNatures, memberships, populations } from './tables.ts';
import type { Collectivity, CollectivityKind, MemberCommune, PopulationKind } from './model.ts';

type CollectivityRow = typeof collectivities.$inferSelect;

function toCollectivity(r: CollectivityRow): Collectivity {
  return {
    id: r.id,
    territoryId: r.territoryId,
    kind: r.kind as CollectivityKind,
    name: r.name,
    siren: r.siren,
    siret: r.siret,
    inseeCode: r.inseeCode,
    departmentCode: r.departmentCode,
    postalCode: r.postalCode,
  };
}

export async function insertCollectivities(tx: Tx, rows: readonly Collectivity[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await tx.insert(collectivities).values(rows.slice(i, i + 500));
}

export async function insertNature(tx: Tx, row: typeof epciNatures.$inferInsert): Promise<void> {
  await tx.insert(epciNatures).values(row);
}

export async function insertMemberships(tx: Tx, rows: readonly (typeof memberships.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await tx.insert(memberships).values(rows.slice(i, i + 500));
}

export async function insertPopulations(tx: Tx, rows: readonly (typeof populations.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await tx.insert(populations).values(rows.slice(i, i + 500));
}

export async function findEpci(tx: Tx): Promise<Collectivity | null> {
  const [row] = await tx.select().from(collectivities).where(eq(collectivities.kind, 'epci'));
  return row ? toCollectivity(row) : null;
}

export async function findCollectivityByInsee(tx: Tx, inseeCode: string): Promise<Collectivity | null> {
  const [row] = await tx.select().from(collectivities).where(eq(collectivities.inseeCode, inseeCode));
  return row ? toCollectivity(row) : null;
}

export async function listCollectivities(tx: Tx): Promise<Collectivity[]> {
  return (await tx.select().from(collectivities).orderBy(asc(collectivities.name))).map(toCollectivity);
}

export interface NatureRow {
  readonly nature: string;
  readonly fundingMode: string;
  readonly validFrom: string;
  readonly validTo: string | null;
}

export async function listNatures(tx: Tx, epciId: string): Promise<NatureRow[]> {
  return tx
    .select({ nature: epciNatures.nature, fundingMode: epciNatures.fundingMode, validFrom: epciNatures.validFrom, validTo: epciNatures.validTo })
    .from(epciNatures)
    .where(eq(epciNatures.epciId, epciId))
    .orderBy(asc(epciNatures.validFrom));
}

/** Communes members on a date, with their population of the latest year on or before `year` for the kind. */
export async function listMemberCommunes(tx: Tx, on: string, kind: PopulationKind, year: number): Promise<MemberCommune[]> {
  const found = await tx
    .select({
      c: collectivities,
      population: sql<number | null>`(select p.value from ${populations} p
         where p.territory_id = ${collectivities.territoryId} and p.collectivity_id = ${collectivities.id}
           and p.kind = ${kind} and p.year <= ${year} order by p.year desc limit 1)`,
    })
    .from(memberships)
    .innerJoin(collectivities, and(eq(collectivities.territoryId, memberships.territoryId), eq(collectivities.id, memberships.communeId)))
    .where(sql`${memberships.validFrom} <= ${on} and (${memberships.validTo} is null or ${memberships.validTo} >= ${on})`)
    .orderBy(asc(collectivities.name));
  return found.map((r) => ({ ...toCollectivity(r.c), population: r.population === null ? null : Number(r.population) }));
}

export interface PopulationRow {
  readonly year: number;
  readonly kind: string;
  readonly value: number;
  readonly source: string;
}

export async function listPopulations(tx: Tx, collectivityId: string): Promise<PopulationRow[]> {
  return tx
    .select({ year: populations.year, kind: populations.kind, value: populations.value, source: populations.source })
    .from(populations)
    .where(eq(populations.collectivityId, collectivityId))
    .orderBy(asc(populations.year), asc(populations.kind));
}

export interface MembershipRow {
  readonly validFrom: string;
  readonly validTo: string | null;
}

export async function listMembershipsOf(tx: Tx, communeId: string): Promise<MembershipRow[]> {
  return tx
    .select({ validFrom: memberships.validFrom, validTo: memberships.validTo })
    .from(memberships)
    .where(eq(memberships.communeId, communeId))
    .orderBy(asc(memberships.validFrom));
}

export async function findCollectivity(tx: Tx, id: string): Promise<Collectivity | null> {
  const [row] = await tx.select().from(collectivities).where(eq(collectivities.id, id));
  return row ? toCollectivity(row) : null;
}

export async function updateCollectivity(tx: Tx, c: Collectivity): Promise<void> {
  await tx
    .update(collectivities)
    .set({ name: c.name, siren: c.siren, siret: c.siret, postalCode: c.postalCode, updatedAt: sql`now()` })
    .where(eq(collectivities.id, c.id));
}

export async function closeNature(tx: Tx, epciId: string, validTo: string): Promise<void> {
  await tx
    .update(epciNatures)
    .set({ validTo, updatedAt: sql`now()` })
    .where(and(eq(epciNatures.epciId, epciId), sql`${epciNatures.validTo} is null`));
}

export interface StoredPopulation {
  readonly id: string;
  readonly collectivityId: string;
  readonly year: number;
  readonly kind: string;
  readonly value: number;
  readonly source: string;
}

export async function listAllPopulations(tx: Tx): Promise<StoredPopulation[]> {
  return tx
    .select({ id: populations.id, collectivityId: populations.collectivityId, year: populations.year, kind: populations.kind, value: populations.value, source: populations.source })
    .from(populations);
}

export async function updatePopulation(tx: Tx, id: string, value: number, source: string): Promise<void> {
  await tx.update(populations).set({ value, source, updatedAt: sql`now()` }).where(eq(populations.id, id));
}
