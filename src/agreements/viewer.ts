import type { FastifyRequest } from 'fastify';
import { here, type Here } from '../access/guard.tsx';
import type { ServerDeps } from '../platform/http/server.tsx';
import * as territory from '../territory/service.ts';
import type { Viewer } from './view-service.ts';

/**
 * What the person may see of the register: a commune user (and nothing else) sees what its commune takes part
 * in; individual staff lines only with agreement.readStaff.
 */
export function viewerOf(h: Here): Viewer {
  const territoryWide = h.roles.some((r) => r.role !== 'commune');
  return {
    communeIds: territoryWide ? null : h.roles.map((r) => r.collectivityId).filter((id): id is string => id !== null),
    staffDetail: h.can('agreement.readStaff'),
  };
}

/** Refuses, before validation, a commune user who names another commune in :insee (compensation.read is 'own'). */
export function compensationGate(db: ServerDeps['db']) {
  return async (request: FastifyRequest) => {
    const h = here(request);
    const insee = (request.params as { insee?: string }).insee ?? '';
    const commune = /^(\d{5}|2[AB]\d{3})$/.test(insee) ? await territory.collectivityByInsee(db, h.ctx, insee) : null;
    if (commune) h.require('compensation.read', { collectivityId: commune.id });
  };
}
