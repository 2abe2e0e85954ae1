import { Type } from '@sinclair/typebox';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendPublicPage, sendTerritoryPage } from '../access/guard.tsx';
import { formErrorOf, type FormError } from '../platform/http/forms.tsx';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { GLOBAL_SCOPE } from '../platform/db/database.ts';
import { findTerritoryBySiren } from '../platform/tenants.ts';
import { parisToday } from '../platform/clock.ts';
import { sendDocument } from '../platform/documents/http.ts';
import * as assemblies from '../assemblies/service.ts';
import { buildActesId } from './model.ts';
import * as deliberations from './service.ts';
import { extractDocx, extractPdf } from './extract.ts';
import { deliberationListPdf, minutesPdf, scdlCsv, yearRegisterPdf } from './registers.ts';
import { DeliberationPage, NewDeliberationPage, PublicationPage, RegisterPage } from './views.tsx';

const UUID = Type.String({ format: 'uuid' });
const short = Type.Optional(Type.String({ maxLength: 200 }));
const long = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const csrf = { _csrf: Type.Optional(Type.String()) };
const params = Type.Object({ siren: Type.String(), deliberationId: UUID });
const yearQuery = Type.Object({ annee: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2200 })) });

/** Deliberations: the register and its search, creation, a deliberation's page and documents, the public publication page. */
export function deliberationPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Délibérations', path: '/deliberations', action: 'deliberation.read' });

  const showNew = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null, values: Record<string, string> = {}) => {
    const h = here(request);
    const [items, numbering] = await Promise.all([deliberations.pendingItems(db, h.ctx), deliberations.numbering(db, h.ctx, Number(parisToday().slice(0, 4)))]);
    return sendTerritoryPage(request, reply, `${error ? 'Erreur : ' : ''}Nouvelle délibération`, <NewDeliberationPage base={h.base} items={items} next={numbering.next} error={error} values={values} />, error ? error.field === 'fichier' ? 422 : 400 : 200);
  };

  const showDeliberation = async (request: FastifyRequest, reply: FastifyReply, id: string, error: FormError | null = null, form = '', values: Record<string, string> = {}, status = 400) => {
    const h = here(request);
    const detail = await deliberations.deliberationDetail(db, h.ctx, id);
    const c = detail.collectivity;
    const suggested = c.siren && c.departmentCode ? buildActesId({ department: c.departmentCode, siren: c.siren, decisionDate: detail.deliberation.adoptedOn, number: detail.deliberation.number, nature: 'DE' }) : null;
    return sendTerritoryPage(
      request,
      reply,
      `${error ? 'Erreur : ' : ''}Délibération n° ${detail.deliberation.number}`,
      <DeliberationPage base={h.base} detail={detail} canManage={h.can('deliberation.manage')} suggestedActesId={suggested} error={error} form={form} values={values} />,
      error ? status : 200,
    );
  };

  // The public page: published acts only, for anyone (the territory's scope, read-only).
  app.get('/t/:siren/publication', { config: { access: 'public' }, schema: { hide: true, params: Type.Object({ siren: Type.String() }) } }, async (request, reply) => {
    const siren = request.params.siren;
    const territory = /^\d{9}$/.test(siren) ? await db.transaction(GLOBAL_SCOPE, (tx) => findTerritoryBySiren(tx, siren)) : null;
    if (!territory) throw new NotFoundError();
    const list = await deliberations.publishedDeliberations(db, territory.id);
    return sendPublicPage(request, reply, `Actes publiés — ${territory.name}`, <PublicationPage territoryName={territory.name} list={list} />);
  });

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get(
      '/deliberations',
      {
        config: { access: 'deliberation.read' },
        schema: {
          hide: true,
          querystring: Type.Object({ numero: short, annee: short, du: short, au: short, matiere: short, instance: short, texte: short }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('deliberation.read');
        const q = request.query;
        const valid = (value: string | undefined, pattern: RegExp) => (value && pattern.test(value) ? value : undefined);
        const year = valid(q.annee, /^(19|20|21)\d\d$/);
        const [list, bodies] = await Promise.all([
          deliberations.searchRegister(db, h.ctx, { number: q.numero, year: year ? Number(year) : undefined, from: valid(q.du, /^\d{4}-\d\d-\d\d$/), to: valid(q.au, /^\d{4}-\d\d-\d\d$/), matterCode: valid(q.matiere, /^\d(\.\d{1,2})?$/), bodyId: valid(q.instance, /^[0-9a-f-]{36}$/i), text: q.texte }),
          assemblies.listBodies(db, h.ctx),
        ]);
        const shownYear = year ? Number(year) : (list[0]?.year ?? Number(parisToday().slice(0, 4)));
        return sendTerritoryPage(request, reply, 'Délibérations', <RegisterPage base={h.base} list={list} bodies={bodies} filters={q} canManage={h.can('deliberation.manage')} year={shownYear} />);
      },
    );

    t.post(
      '/deliberations/numerotation',
      { config: { access: 'deliberation.manage' }, schema: { hide: true, body: Type.Object({ year: short, pattern: short, firstNumber: short, ...csrf }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('deliberation.manage');
        const b = request.body;
        const year = /^\d{4}$/.test(b.year ?? '') ? Number(b.year) : Number.NaN;
        const firstNumber = /^\d{1,6}$/.test(b.firstNumber ?? '') ? Number(b.firstNumber) : b.firstNumber ? Number.NaN : undefined;
        try {
          await deliberations.configureNumbering(db, h.ctx, year, { pattern: b.pattern ?? '', firstNumber });
        } catch (caught) {
          const error = formErrorOf(caught);
          const [list, bodies] = await Promise.all([deliberations.searchRegister(db, h.ctx, {}), assemblies.listBodies(db, h.ctx)]);
          return sendTerritoryPage(
            request,
            reply,
            'Erreur : Délibérations',
            <RegisterPage base={h.base} list={list} bodies={bodies} filters={{}} canManage year={list[0]?.year ?? Number(parisToday().slice(0, 4))} error={error} values={b as Record<string, string>} />,
            400,
          );
        }
        return reply.redirect(`${h.base}/deliberations?annee=${year}`, 303);
      },
    );

    t.get('/deliberations/nouvelle', { config: { access: 'deliberation.manage' }, schema: { hide: true } }, async (request, reply) => {
      here(request).require('deliberation.manage');
      return showNew(request, reply);
    });

    t.post(
      '/deliberations',
      {
        config: { access: 'deliberation.manage' },
        schema: { hide: true, body: Type.Object({ itemId: short, title: long(600), matterCode: short, recitals: long(21_000), decision: long(51_000), debates: long(51_000), number: short, ...csrf }) },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('deliberation.manage');
        const b = request.body;
        let id: string;
        try {
          id = (await deliberations.createDeliberation(db, h.ctx, { itemId: b.itemId ?? '', title: b.title, matterCode: b.matterCode ?? '', recitals: b.recitals, decision: b.decision ?? '', debates: b.debates, number: b.number })).id;
        } catch (error) {
          const e = formErrorOf(error);
          if (e.field === 'itemId' && error instanceof UserError && error.status === 404) throw error;
          return showNew(request, reply, e, b as Record<string, string>);
        }
        return reply.redirect(`${h.base}/deliberations/${id}`, 303);
      },
    );

    t.get('/deliberations/registre.pdf', { config: { access: 'deliberation.read' }, schema: { hide: true, querystring: yearQuery } }, async (request, reply) => {
      const h = here(request);
      h.require('deliberation.read');
      const file = await yearRegisterPdf(db, h.ctx, request.query.annee ?? Number(parisToday().slice(0, 4)), h.territory.name);
      return sendDocument(reply, { ...file, type: 'pdf' });
    });

    t.get('/deliberations/scdl.csv', { config: { access: 'deliberation.read' }, schema: { hide: true, querystring: yearQuery } }, async (request, reply) => {
      const h = here(request);
      h.require('deliberation.read');
      const file = await scdlCsv(db, h.ctx, request.query.annee ?? Number(parisToday().slice(0, 4)));
      return sendDocument(reply, { filename: file.filename, bytes: file.bytes, type: 'csv' });
    });

    t.get('/deliberations/:deliberationId', { config: { access: 'deliberation.read' }, schema: { hide: true, params } }, async (request, reply) => {
      here(request).require('deliberation.read');
      return showDeliberation(request, reply, request.params.deliberationId);
    });

    t.get('/deliberations/:deliberationId/extrait.pdf', { config: { access: 'deliberation.read' }, schema: { hide: true, params } }, async (request, reply) => {
      const h = here(request);
      h.require('deliberation.read');
      return sendDocument(reply, { ...(await extractPdf(db, h.ctx, request.params.deliberationId)), type: 'pdf' });
    });

    t.get('/deliberations/:deliberationId/extrait.docx', { config: { access: 'deliberation.read' }, schema: { hide: true, params } }, async (request, reply) => {
      const h = here(request);
      h.require('deliberation.read');
      return sendDocument(reply, { ...(await extractDocx(db, h.ctx, request.params.deliberationId)), type: 'docx' });
    });

    t.get('/deliberations/:deliberationId/annexes/:annexId', { config: { access: 'deliberation.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), deliberationId: UUID, annexId: UUID }) } }, async (request, reply) => {
      const h = here(request);
      h.require('deliberation.read');
      const annex = await deliberations.annexContent(db, h.ctx, request.params.deliberationId, request.params.annexId);
      return reply
        .header('content-type', annex.mediaType)
        .header('content-disposition', `attachment; filename="${annex.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(annex.filename)}`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(annex.content));
    });

    t.post('/deliberations/:deliberationId/annexes', { config: { access: 'deliberation.manage' }, schema: { hide: true, params } }, async (request, reply) => {
      const h = here(request);
      h.require('deliberation.manage');
      const id = request.params.deliberationId;
      const body = (request.body ?? {}) as { fichier?: MultipartFile; title?: { value?: string } };
      const title = typeof body.title?.value === 'string' ? body.title.value : '';
      try {
        const file = body.fichier;
        if (!request.isMultipart() || !file || typeof file.toBuffer !== 'function' || !file.filename) throw new UserError('Choisissez le fichier à annexer.', 400, 'fichier');
        await deliberations.attachFile(db, h.ctx, id, { title, filename: file.filename, bytes: new Uint8Array(await file.toBuffer()) });
      } catch (error) {
        const e = formErrorOf(error);
        if (error instanceof UserError && error.status === 404) throw error;
        return showDeliberation(request, reply, id, e, 'annexe', { title }, error instanceof UserError && error.status === 422 ? 422 : 400);
      }
      return reply.redirect(`${h.base}/deliberations/${id}#annexes`, 303);
    });

    t.post(
      '/deliberations/:deliberationId/transmission',
      { config: { access: 'deliberation.manage' }, schema: { hide: true, params, body: Type.Object({ actesId: short, transmittedOn: short, channel: short, acknowledgedOn: short, ...csrf }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('deliberation.manage');
        const id = request.params.deliberationId;
        try {
          await deliberations.recordTransmission(db, h.ctx, id, { ...request.body, transmittedOn: request.body.transmittedOn ?? '' });
        } catch (error) {
          const e = formErrorOf(error);
          if (error instanceof UserError && error.status === 404) throw error;
          return showDeliberation(request, reply, id, e, 'transmission', request.body as Record<string, string>);
        }
        return reply.redirect(`${h.base}/deliberations/${id}`, 303);
      },
    );

    t.post('/deliberations/:deliberationId/publication', { config: { access: 'deliberation.manage' }, schema: { hide: true, params, body: Type.Object({ publishedOn: short, ...csrf }) } }, async (request, reply) => {
      const h = here(request);
      h.require('deliberation.manage');
      const id = request.params.deliberationId;
      try {
        await deliberations.publishDeliberation(db, h.ctx, id, request.body.publishedOn ?? '');
      } catch (error) {
        const e = formErrorOf(error);
        if (error instanceof UserError && error.status === 404) throw error;
        return showDeliberation(request, reply, id, e, 'publication', request.body as Record<string, string>);
      }
      return reply.redirect(`${h.base}/deliberations/${id}`, 303);
    });

    const sittingParams = Type.Object({ siren: Type.String(), sittingId: UUID });
    t.get('/seances/:sittingId/proces-verbal.pdf', { config: { access: 'deliberation.read' }, schema: { hide: true, params: sittingParams } }, async (request, reply) => {
      const h = here(request);
      h.require('deliberation.read');
      return sendDocument(reply, { ...(await minutesPdf(db, h.ctx, request.params.sittingId)), type: 'pdf' });
    });

    t.get('/seances/:sittingId/deliberations.pdf', { config: { access: 'deliberation.read' }, schema: { hide: true, params: sittingParams } }, async (request, reply) => {
      const h = here(request);
      h.require('deliberation.read');
      return sendDocument(reply, { ...(await deliberationListPdf(db, h.ctx, request.params.sittingId)), type: 'pdf' });
    });
  });
}
