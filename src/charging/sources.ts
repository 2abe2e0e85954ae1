import type { Database, Tx } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import * as agreements from '../agreements/service.ts';
import * as territory from '../territory/service.ts';
import { OFFICIAL_EDITION_DATE, OFFICIAL_POPULATION_YEAR } from '../territory/official-data.ts';
import type { InstallmentPlanItem, PaymentRoute, ServiceInput } from './model.ts';

/** A service as a run needs it: its scheme in force and, per participant, how it pays. */
export interface RunService extends ServiceInput {
  readonly reference: string;
  readonly managingCollectivityId: string;
  readonly amendmentLabel: string;
  readonly terms: ReadonlyMap<string, { readonly paymentRoute: PaymentRoute; readonly installments: readonly InstallmentPlanItem[]; readonly kind: string }>;
}

/** The services governed by a charging scheme on the date (the agreements module's amendment in force). */
export async function servicesForRun(db: Database, ctx: TerritoryContext, onDate: string): Promise<RunService[]> {
  const all = await agreements.servicesOfTerritory(db, ctx);
  const result: RunService[] = [];
  for (const service of all) {
    const inForce = await agreements.schemeInForce(db, ctx, service.id, onDate);
    if (!inForce) continue;
    result.push({
      id: service.id,
      code: service.reference,
      reference: service.reference,
      name: service.name,
      managingCollectivityId: service.managingCollectivityId,
      amendmentLabel: `${inForce.agreement.reference}, avenant n° ${inForce.amendment.number} (effet au ${inForce.amendment.effectiveFrom})`,
      scheme: inForce.scheme,
      participants: inForce.participants.map((p) => ({ collectivityId: p.collectivityId, tieKey: p.inseeCode ?? p.siren ?? p.collectivityId, name: p.name })),
      terms: new Map(inForce.participants.map((p) => [p.collectivityId, { paymentRoute: p.paymentRoute, installments: p.installments, kind: p.kind }])),
    });
  }
  return result;
}

/** Every service of the territory, for cost entry (code → id), whatever its scheme. */
export async function serviceNames(db: Database, ctx: TerritoryContext): Promise<{ id: string; reference: string; name: string; managingCollectivityId: string }[]> {
  return (await agreements.servicesOfTerritory(db, ctx)).map((s) => ({ id: s.id, reference: s.reference, name: s.name, managingCollectivityId: s.managingCollectivityId }));
}

/** Population municipale of the communes for the year (the territory's official data). */
export async function populations(db: Database, ctx: TerritoryContext, year: number): Promise<Map<string, number>> {
  const communes = await territory.listCommunes(db, ctx, { on: `${year}-01-01` });
  const found = new Map(communes.filter((c) => c.population !== null).map((c) => [c.id, c.population!]));
  // Official data ship one vintage (memberships from its edition date): for an earlier year, that population (enter drivers to override).
  if (year < OFFICIAL_POPULATION_YEAR) {
    for (const c of await territory.listCommunes(db, ctx, { on: OFFICIAL_EDITION_DATE })) if (!found.has(c.id) && c.population !== null) found.set(c.id, c.population);
  }
  return found;
}

/** The AC register receives the deduction (CGI 1609 nonies C), in the caller's transaction. */
export async function deductFromCompensation(tx: Tx, ctx: TerritoryContext, input: { communeId: string; year: number; serviceId: string; amountCents: number; label: string }): Promise<void> {
  await agreements.recordCompensationDeduction(tx, ctx, { ...input, source: `charging:${input.year}` });
}
