import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { ServerDeps } from '../platform/http/server.tsx';
import { here, type Here } from '../access/guard.tsx';
import { NotFoundError } from '../platform/http/errors.ts';
import { parisToday } from '../platform/clock.ts';
import * as territory from '../territory/service.ts';
import type { Dashboard } from './model.ts';
import { communeDashboard, territoryDashboard } from './service.ts';

/** `?annee=2019`, or empty / absent for every year (the filter's "Toutes les années" sends an empty value). */
export const YearQuery = Type.Object({ annee: Type.Optional(Type.String({ pattern: '^(\\d{4})?$', description: 'année (AAAA) ; vide ou absente : toutes les années' })) });

export const yearOf = (query: { annee?: string | undefined }): number | null => (query.annee ? Number(query.annee) : null);

/** The commune of the address, and the check that the person may see its dashboard (403 before reading anything). */
export async function communeOf(request: FastifyRequest, db: ServerDeps['db'], insee: string): Promise<{ h: Here; id: string; name: string; insee: string }> {
  const h = here(request);
  const commune = await territory.collectivityByInsee(db, h.ctx, insee);
  if (!commune || commune.kind !== 'commune') throw new NotFoundError("Cette commune n'appartient pas au territoire.");
  h.require('dashboard.commune', { collectivityId: commune.id });
  return { h, id: commune.id, name: commune.name, insee };
}

/**
 * A page and its chart images ask for the same dashboard within a second: they share one computation, kept a few
 * seconds (read only: a change shows at the next load after that). The key is the territory, the commune and the
 * year; who may see it is checked before, at every request.
 */
const SHARED_FOR_MS = 5_000;
const shared = new Map<string, { at: number; value: Promise<Dashboard> }>();
function sharedDashboard(key: string, compute: () => Promise<Dashboard>): Promise<Dashboard> {
  const now = Date.now();
  for (const [k, v] of shared) if (now - v.at > SHARED_FOR_MS) shared.delete(k);
  const found = shared.get(key);
  if (found) return found.value;
  const value = compute();
  shared.set(key, { at: now, value });
  value.catch(() => shared.delete(key));
  return value;
}

export function territoryOf(request: FastifyRequest, db: ServerDeps['db'], year: number | null): Promise<Dashboard> {
  const h = here(request);
  h.require('dashboard.territory');
  return sharedDashboard(`${h.ctx.territoryId}|territory|${year}`, () => territoryDashboard(db, h.ctx, year));
}

export async function communeDashboardOf(request: FastifyRequest, db: ServerDeps['db'], insee: string, year: number | null): Promise<{ dashboard: Dashboard; base: string }> {
  const { h, id } = await communeOf(request, db, insee);
  const today = parisToday();
  const dashboard = await sharedDashboard(`${h.ctx.territoryId}|${id}|${year}|${today}`, () => communeDashboard(db, h.ctx, id, year, today));
  return { dashboard, base: `${h.base}/communes/${insee}/tableau-de-bord` };
}
