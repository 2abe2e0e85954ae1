import type { FastifyRequest } from 'fastify';
import { here, type Here } from '../access/guard.tsx';
import type { Action } from '../access/model.ts';
import type { ServerDeps } from '../platform/http/server.tsx';
import { NotFoundError } from '../platform/http/errors.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import type { Referent } from './model.ts';

/** A referent as this person may see them: the name for everyone in the territory, contact details for the commune's readers. */
export function referentFor(h: Here, r: Referent): Referent {
  return h.can('catalogue.readCommune', { collectivityId: r.collectivityId }) ? r : { ...r, email: null, phone: null };
}

/** Refuses, before validation, a commune user who names another commune in :insee (the route's action is 'own' for them). */
export function communeGate(db: ServerDeps['db'], action: Action) {
  return async (request: FastifyRequest) => {
    const h = here(request);
    const insee = (request.params as { insee?: string }).insee ?? '';
    const commune = /^(\d{5}|2[AB]\d{3})$/.test(insee) ? await territory.collectivityByInsee(db, h.ctx, insee) : null;
    if (commune) h.require(action, { collectivityId: commune.id });
  };
}

/** The commune of :insee, checked against the action (403 for another commune's user, 404 for an unknown code). */
export async function communeOf(db: ServerDeps['db'], h: Here, insee: string, action: Action): Promise<Collectivity> {
  const commune = await territory.collectivityByInsee(db, h.ctx, insee);
  if (!commune || commune.kind !== 'commune') throw new NotFoundError("Cette commune n'appartient pas au territoire.");
  h.require(action, { collectivityId: commune.id });
  return commune;
}
