// Test helpers: a sitting of a body whose items are decided, ready for deliberations.
import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import * as assemblies from '../assemblies/service.ts';
import * as live from '../assemblies/live-service.ts';

/** Convenes a sitting on `date`, with `titles` as items voted one after the other (all present vote for). */
export async function decidedSitting(db: Database, ctx: TerritoryContext, bodyId: string, date: string, titles: readonly string[], convokedOn?: string): Promise<{ sittingId: string; itemIds: string[] }> {
  const members = (await assemblies.bodyDetail(db, ctx, bodyId, date)).mandates.filter((m) => m.seat === 'titular').map((m) => m.memberId);
  const convocation = convokedOn ?? new Date(Date.parse(`${date}T12:00:00Z`) - 14 * 86_400_000).toISOString().slice(0, 10);
  const sitting = await assemblies.createSitting(db, ctx, { bodyId, date, time: '18:00', place: 'Salle du conseil', convokedOn: convocation });
  const itemIds: string[] = [];
  for (const title of titles) itemIds.push((await assemblies.addAgendaItem(db, ctx, sitting.id, { title, kind: 'vote' })).id);
  await live.recordRollCall(db, ctx, sitting.id, { present: members });
  await live.openSitting(db, ctx, sitting.id, { presidentId: members[0]!, secretaryId: members.at(-1)! });
  for (const id of itemIds) await live.recordVote(db, ctx, id, { mode: 'show', for: members.length, against: 0, abstain: 0 });
  await live.closeSitting(db, ctx, sitting.id);
  return { sittingId: sitting.id, itemIds };
}
