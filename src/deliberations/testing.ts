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

/** A small but valid one-page PDF (pdftotext reads it), for annexes in tests. */
export function tinyPdf(text = 'Annexe'): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 12 Tf 20 50 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 20 50 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
