import type { FastifyRequest } from 'fastify';
import { here, type Here } from '../access/guard.tsx';
import type { ServerDeps } from '../platform/http/server.tsx';
import * as territory from '../territory/service.ts';
import type { Viewer } from './service.ts';

/**
 * What the person may see of joint purchasing: a commune user (and nothing else) sees the groups of its commune;
 * every member's needs and consumption only with procurement.readMemberData (its own commune's, for a commune user).
 */
export function viewerOf(h: Here): Viewer {
  const territoryWide = h.roles.some((r) => r.role !== 'commune');
  return {
    communeIds: territoryWide ? null : h.roles.map((r) => r.collectivityId).filter((id): id is string => id !== null),
    memberData: (collectivityId) => h.can('procurement.readMemberData', { collectivityId }),
  };
}

/** Refuses, before validation, a commune user who names another commune in :insee (procurement.declareNeeds is 'own'). */
export function communeGate(db: ServerDeps['db']) {
  return async (request: FastifyRequest) => {
    const h = here(request);
    const insee = (request.params as { insee?: string }).insee ?? '';
    const commune = /^(\d{5}|2[AB]\d{3})$/.test(insee) ? await territory.collectivityByInsee(db, h.ctx, insee) : null;
    if (commune) h.require('procurement.declareNeeds', { collectivityId: commune.id });
  };
}
