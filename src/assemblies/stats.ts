// Attendance statistics of a body's members over a year (service side: store → model).
import type { Database } from '../platform/db/database.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import { seatsAt } from './attendance.ts';
import { compareRegisterOrder, mandateInForce, memberName, type Body } from './model.ts';
import { loadSitting } from './sitting-state.ts';
import * as store from './store.ts';

export interface MemberAttendance {
  readonly memberId: string;
  readonly name: string;
  /** Sittings held in the year while the member was in office. */
  readonly sittings: number;
  /** Present for at least one item. */
  readonly present: number;
  /** Not present, but represented by a proxy for at least one item. */
  readonly represented: number;
  readonly excused: number;
  readonly absent: number;
}

export interface AttendanceStats {
  readonly body: Body;
  readonly year: number;
  /** Sittings held (opened) in the year. */
  readonly sittings: number;
  readonly members: readonly MemberAttendance[];
}

/** For each member in office during the year: sittings held, and how they attended each one. */
export async function attendanceStats(db: Database, ctx: TerritoryContext, bodyId: string, year: number): Promise<AttendanceStats> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const body = await store.findBody(tx, ctx.territoryId, bodyId);
    if (!body) throw new NotFoundError("Cette assemblée n'existe pas dans le territoire.");
    const held = (await store.listSittings(tx, ctx.territoryId, { bodyId, from: `${year}-01-01`, to: `${year}-12-31` })).filter((s) => s.status !== 'planned');
    const rows = new Map<string, { sittings: number; present: number; represented: number; excused: number; absent: number }>();
    const members = new Map((await store.listMembers(tx, ctx.territoryId)).map((m) => [m.id, m]));
    const mandates = await store.listMandates(tx, ctx.territoryId, { bodyId });
    for (const sitting of held) {
      const state = (await loadSitting(tx, ctx.territoryId, sitting.id))!;
      const positions = state.items.length > 0 ? state.items.map((i) => i.position) : [1];
      const byItem = positions.map((p) => new Map(seatsAt(state.facts, p).seats.map((s) => [s.memberId, s.presence])));
      for (const { memberId } of state.facts.inOffice) {
        const row = rows.get(memberId) ?? { sittings: 0, present: 0, represented: 0, excused: 0, absent: 0 };
        const states = byItem.map((m) => m.get(memberId));
        row.sittings++;
        if (states.some((s) => s === 'present' || s === 'withdrawn')) row.present++;
        else if (states.some((s) => s === 'represented')) row.represented++;
        else if (state.facts.excused.has(memberId)) row.excused++;
        else row.absent++;
        rows.set(memberId, row);
      }
    }
    // Members in office during the year but at no sitting held still appear, with zeros.
    for (const m of mandates) {
      if (m.seat === 'titular' && (mandateInForce(m, `${year}-12-31`) || (m.validFrom <= `${year}-12-31` && (m.validTo ?? '9999') >= `${year}-01-01`)) && !rows.has(m.memberId)) {
        rows.set(m.memberId, { sittings: 0, present: 0, represented: 0, excused: 0, absent: 0 });
      }
    }
    const rankOf = new Map(mandates.map((m) => [m.memberId, m.rank]));
    const list = [...rows.entries()]
      .map(([memberId, r]) => ({ memberId, name: memberName(members.get(memberId)!), ...r }))
      .sort((a, b) => compareRegisterOrder({ ...members.get(a.memberId)!, rank: rankOf.get(a.memberId) ?? null }, { ...members.get(b.memberId)!, rank: rankOf.get(b.memberId) ?? null }));
    return { body, year, sittings: held.length, members: list };
  });
}
