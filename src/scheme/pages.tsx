import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { formErrorOf, type FormError } from '../platform/http/forms.tsx';

/** A refused form: its error beside the field, and the status the use case gave (400, 404, 409, 422). */
interface Failure extends FormError {
  readonly status: number;
}
const failed = (error: unknown): Failure => ({ ...formErrorOf(error), status: error instanceof UserError ? error.status : 400 });
import { UserError } from '../platform/http/errors.ts';
import { parisToday } from '../platform/clock.ts';
import * as territory from '../territory/service.ts';
import type { ActionInput, SchemeInput } from './model.ts';
import * as scheme from './service.ts';
import { NewSchemePage, NoSchemePage, SchemePage, type Values } from './views.tsx';

const Id = Type.String({ format: 'uuid' });
const Text = (max: number) => Type.String({ maxLength: max });
const csrf = { _csrf: Type.Optional(Text(200)) };
const SchemeBody = Type.Object({
  title: Text(300),
  sentToCommunesOn: Type.Optional(Text(20)),
  adoptedOn: Type.Optional(Text(40)),
  adoptingBody: Type.Optional(Text(300)),
  deliberationReference: Type.Optional(Text(200)),
  context: Type.Optional(Text(6000)),
  orientations: Text(20000),
  principles: Type.Optional(Text(10000)),
  note: Type.Optional(Text(3000)),
  ...csrf,
});
const ActionBody = Type.Object({ title: Text(400), orientation: Type.Optional(Text(4)), description: Type.Optional(Text(4000)), status: Text(20), startedOn: Type.Optional(Text(40)), completedOn: Type.Optional(Text(40)), ...csrf });
const OpinionBody = Type.Object({ collectivityId: Text(40), opinion: Text(20), givenOn: Text(20), deliberationReference: Type.Optional(Text(200)), ...csrf });
const PS = Type.Object({ siren: Type.String(), poolingSchemeId: Id });
const PSA = Type.Object({ siren: Type.String(), poolingSchemeId: Id, actionId: Id });

const lines = (text: string | undefined) => (text ?? '').split(/\r?\n/);
const schemeInput = (b: Record<string, string | undefined>): SchemeInput => ({
  title: b.title ?? '',
  sentToCommunesOn: b.sentToCommunesOn,
  adoptedOn: b.adoptedOn,
  adoptingBody: b.adoptingBody,
  deliberationReference: b.deliberationReference,
  context: b.context ?? '',
  orientations: lines(b.orientations),
  principles: lines(b.principles),
  note: b.note,
});
function actionInput(b: Record<string, string | undefined>): ActionInput {
  const orientation = b.orientation?.trim() ? Number(b.orientation) : null;
  if (orientation !== null && !Number.isInteger(orientation)) throw new UserError("Le champ « orientation » doit être le numéro d'une orientation du schéma.", 400, 'orientation');
  return { title: b.title ?? '', orientation, description: b.description, status: b.status ?? '', startedOn: b.startedOn, completedOn: b.completedOn };
}

/** The pooling scheme's pages: its adoption, orientations and actions, principles, and the communes' opinions. */
export function schemePages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Schéma de mutualisation', path: '/schema', action: 'scheme.read' });

  const show = async (request: FastifyRequest, reply: FastifyReply, schemeId: string | null, error: Failure | null = null, form = '', values: Values = {}) => {
    const h = here(request);
    const schemes = await scheme.listSchemes(db, h.ctx);
    const shown = schemeId ?? (schemes.find((s) => s.adoptedOn !== null) ?? schemes[0])?.id ?? null;
    const status = error?.status ?? 200;
    if (!shown) return sendTerritoryPage(request, reply, `${error ? 'Erreur : ' : ''}Schéma de mutualisation`, <NoSchemePage base={h.base} canManage={h.can('scheme.manage')} error={error} values={values} />, status);
    const detail = await scheme.schemeDetail(db, h.ctx, shown);
    const canRecordOpinion = h.can('scheme.recordOpinion');
    const communes = canRecordOpinion ? detail.consultation.opinions.map((o) => ({ id: o.collectivityId, name: o.name })) : [];
    const fallback = canRecordOpinion && communes.length === 0 ? (await territory.listCommunes(db, h.ctx, { on: parisToday() })).map((c) => ({ id: c.id, name: c.name })) : communes;
    return sendTerritoryPage(
      request,
      reply,
      `${error ? 'Erreur : ' : ''}${detail.scheme.title}`,
      <SchemePage base={h.base} detail={detail} others={schemes.filter((s) => s.id !== shown)} canManage={h.can('scheme.manage')} canRecordOpinion={canRecordOpinion} communes={fallback} error={error} form={form} values={values} />,
      status,
    );
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/schema', { config: { access: 'scheme.read' }, schema: { hide: true } }, async (request, reply) => {
      here(request).require('scheme.read');
      return show(request, reply, null);
    });

    t.get('/schema/nouveau', { config: { access: 'scheme.manage' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('scheme.manage');
      return sendTerritoryPage(request, reply, 'Nouveau schéma de mutualisation', <NewSchemePage base={h.base} error={null} values={{}} />);
    });

    t.post('/schema', { config: { access: 'scheme.manage' }, schema: { hide: true, body: SchemeBody } }, async (request, reply) => {
      const h = here(request);
      h.require('scheme.manage');
      try {
        const created = await scheme.createScheme(db, h.ctx, schemeInput(request.body));
        return reply.redirect(`${h.base}/schema/${created.id}`, 303);
      } catch (error) {
        const e = failed(error);
        const existing = await scheme.listSchemes(db, h.ctx);
        if (existing.length === 0) return show(request, reply, null, e, 'nouveau', request.body);
        return sendTerritoryPage(request, reply, 'Erreur : Nouveau schéma de mutualisation', <NewSchemePage base={h.base} error={e} values={request.body} />, e.status);
      }
    });

    t.get('/schema/:poolingSchemeId', { config: { access: 'scheme.read' }, schema: { hide: true, params: PS } }, async (request, reply) => {
      here(request).require('scheme.read');
      return show(request, reply, request.params.poolingSchemeId);
    });

    t.post('/schema/:poolingSchemeId', { config: { access: 'scheme.manage' }, schema: { hide: true, params: PS, body: SchemeBody } }, async (request, reply) => {
      const h = here(request);
      h.require('scheme.manage');
      try {
        await scheme.updateScheme(db, h.ctx, request.params.poolingSchemeId, schemeInput(request.body));
      } catch (error) {
        return show(request, reply, request.params.poolingSchemeId, failed(error), 'modifier', request.body);
      }
      return reply.redirect(`${h.base}/schema/${request.params.poolingSchemeId}`, 303);
    });

    t.post('/schema/:poolingSchemeId/actions', { config: { access: 'scheme.manage' }, schema: { hide: true, params: PS, body: ActionBody } }, async (request, reply) => {
      const h = here(request);
      h.require('scheme.manage');
      try {
        await scheme.addAction(db, h.ctx, request.params.poolingSchemeId, actionInput(request.body));
      } catch (error) {
        return show(request, reply, request.params.poolingSchemeId, failed(error), 'action', request.body);
      }
      return reply.redirect(`${h.base}/schema/${request.params.poolingSchemeId}#orientations`, 303);
    });

    t.post('/schema/:poolingSchemeId/actions/:actionId', { config: { access: 'scheme.manage' }, schema: { hide: true, params: PSA, body: ActionBody } }, async (request, reply) => {
      const h = here(request);
      h.require('scheme.manage');
      try {
        await scheme.updateAction(db, h.ctx, request.params.poolingSchemeId, request.params.actionId, actionInput(request.body));
      } catch (error) {
        return show(request, reply, request.params.poolingSchemeId, failed(error), 'etat', request.body);
      }
      return reply.redirect(`${h.base}/schema/${request.params.poolingSchemeId}#orientations`, 303);
    });

    t.post('/schema/:poolingSchemeId/avis', { config: { access: 'scheme.recordOpinion' }, schema: { hide: true, params: PS, body: OpinionBody } }, async (request, reply) => {
      const h = here(request);
      h.require('scheme.recordOpinion');
      try {
        await scheme.recordOpinion(db, h.ctx, request.params.poolingSchemeId, request.body);
      } catch (error) {
        return show(request, reply, request.params.poolingSchemeId, failed(error), 'avis', request.body);
      }
      return reply.redirect(`${h.base}/schema/${request.params.poolingSchemeId}#avis`, 303);
    });
  });
}
