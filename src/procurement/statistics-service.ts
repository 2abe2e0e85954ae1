import type { Database } from '../platform/db/database.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import * as territory from '../territory/service.ts';
import { statisticYears, yearStatistics, type ProcurementYearStatistics, type StatContract, type StatGroup } from './statistics.ts';
import * as store from './store.ts';

export type { ProcurementYearStatistics };

async function inputs(db: Database, ctx: TerritoryContext) {
  const register = await territory.listCollectivities(db, ctx);
  const epci = register.find((c) => c.kind === 'epci');
  if (!epci) throw new NotFoundError();
  return db.transaction(scopeOf(ctx), async (tx) => {
    const members = await store.listMembers(tx, ctx.territoryId, null);
    const groups: StatGroup[] = (await store.listGroups(tx, ctx.territoryId)).map((g) => ({ ...g, memberIds: (members.get(g.id) ?? []).map((m) => m.collectivityId) }));
    const names = new Map(register.map((c) => [c.id, c.name]));
    const contracts: StatContract[] = (await store.listContractHeads(tx, ctx.territoryId)).map((c) => ({
      id: c.id,
      reference: c.reference,
      object: c.object,
      groupId: c.groupId,
      sharedDirection: c.sharedDirection,
      notifiedOn: c.notifiedOn,
      amountCents: c.amountCents,
      buyerName: c.buyerId ? (names.get(c.buyerId) ?? null) : null,
    }));
    return { epciId: epci.id, groups, contracts, entities: register.map((c) => ({ id: c.id, name: c.name, kind: c.kind })) };
  });
}

/** The year's joint-purchasing figures, computed from the rows at each call (the progress report reads them here). */
export async function procurementYearStatistics(db: Database, ctx: TerritoryContext, year: number): Promise<ProcurementYearStatistics> {
  const i = await inputs(db, ctx);
  return yearStatistics(year, i.epciId, i.groups, i.contracts, i.entities);
}

/** Every year that has something to count, with its figures: the statistics page's chart and table. */
export async function procurementStatisticsByYear(db: Database, ctx: TerritoryContext): Promise<ProcurementYearStatistics[]> {
  const i = await inputs(db, ctx);
  return statisticYears(i.groups, i.contracts).map((year) => yearStatistics(year, i.epciId, i.groups, i.contracts, i.entities));
}
