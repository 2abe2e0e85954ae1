import type { Database } from '../platform/db/database.ts';
import type { TerritoryContext } from '../platform/context.ts';
import { NotFoundError } from '../platform/http/errors.ts';
import * as deliberations from '../deliberations/service.ts';
import { yearReport } from './service.ts';
import { REPORT_ANNEX_TITLE, reportFilename, reportPdf } from './documents.ts';

/**
 * The council takes note of the report ("prend acte", CGCT L5211-39-1): the year's report PDF becomes an annex of
 * the deliberation, through the deliberations module (its audit entry and digest go with it).
 */
export async function attachReportToDeliberation(db: Database, ctx: TerritoryContext, year: number, deliberationNumber: string, today: string): Promise<{ deliberationId: string; annexId: string; bytes: Uint8Array; filename: string }> {
  const deliberation = await deliberations.findDeliberation(db, ctx, { number: deliberationNumber });
  if (!deliberation) throw new NotFoundError(`La délibération n° ${deliberationNumber} n’existe pas dans le territoire.`);
  const report = await yearReport(db, ctx, year);
  const bytes = await reportPdf(report, today);
  const filename = reportFilename(report, 'pdf');
  const annex = await deliberations.attachDocument(db, ctx, deliberation.id, { title: REPORT_ANNEX_TITLE(year), filename, bytes });
  return { deliberationId: deliberation.id, annexId: annex.id, bytes, filename };
}
