import { eq, asc } from 'drizzle-orm';
import type { Tx } from './db/database.ts';
import { territories } from './tables.ts';

export interface TerritoryRef {
  readonly id: string;
  readonly name: string;
  readonly siren: string;
}

/** The tenants registry (global table): looked up before a territory scope exists. */
export async function findTerritoryBySiren(tx: Tx, siren: string): Promise<TerritoryRef | null> {
  const [row] = await tx.select({ id: territories.id, name: territories.name, siren: territories.siren }).from(territories).where(eq(territories.siren, siren));
  return row ?? null;
}

export async function findTerritoryById(tx: Tx, id: string): Promise<TerritoryRef | null> {
  const [row] = await tx.select({ id: territories.id, name: territories.name, siren: territories.siren }).from(territories).where(eq(territories.id, id));
  return row ?? null;
}

export async function listTerritories(tx: Tx): Promise<TerritoryRef[]> {
  return tx.select({ id: territories.id, name: territories.name, siren: territories.siren }).from(territories).orderBy(asc(territories.name));
}

export async function insertTerritory(tx: Tx, territory: TerritoryRef): Promise<void> {
  await tx.insert(territories).values(territory);
}
