import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { formErrorOf, type FormError } from '../platform/http/forms.tsx';
import { parisToday } from '../platform/clock.ts';
import { isCalendarDate } from '../platform/format.ts';
import { Cents } from '../platform/money.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import * as agreements from './service.ts';
import { agreementDetail, compensationRegister, EVERYONE, register } from './view-service.ts';
import { compensationGate, viewerOf } from './viewer.ts';
import { SERVICE_STATUSES, type ServiceStatus } from './model.ts';
import { AgreementPage, CommuneCompensationPage, CompensationPage, RegisterPage } from './page-views.tsx';
import { agreementSheetPdf, registerTable } from './documents.ts';
import { sendDocument, tableToCsv, tableToXlsx } from '../platform/documents/index.ts';
import * as territory from '../territory/service.ts';

const Id = Type.String({ format: 'uuid' });
const csrf = { _csrf: Type.Optional(Type.String()) };
const DateQuery = Type.Optional(Type.String({ maxLength: 10 }));

/** A date typed in a query (?date=…), today when absent; a wrong one is refused naming the field. */
function onDate(value: string | undefined): string {
  if (value === undefined || value === '') return parisToday();
  if (!isCalendarDate(value)) throw new UserError('Le champ « date » doit être une date (AAAA-MM-JJ).', 400, 'date');
  return value;
}

/** The register of services and agreements, an agreement's page, the AC register; their documents. */
export function agreementsPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Services mutualisés', path: '/conventions', action: 'agreement.read' });
  addNav({ label: 'Attributions de compensation', path: '/attributions-compensation', action: 'compensation.register' });

  const showAgreement = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null, values: Record<string, string> = {}) => {
    const h = here(request);
    const q = request.query as { date?: string };
    const on = onDate(q.date);
    const detail = await agreementDetail(db, h.ctx, viewerOf(h), (request.params as { agreementId: string }).agreementId, on);
    return sendTerritoryPage(
      request,
      reply,
      `Convention ${detail.summary.agreement.reference}`,
      <AgreementPage detail={detail} base={h.base} on={on} canApprove={h.can('agreement.approve')} communeOnly={viewerOf(h).communeIds !== null} error={error} values={values} />,
      error ? (error.field ? 400 : 409) : 200,
    );
  };

  const showCompensation = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null, values: Record<string, string> = {}) => {
    const h = here(request);
    const q = request.query as { annee?: string };
    const year = q.annee && /^\d{4}$/.test(q.annee) ? Number(q.annee) : Number(parisToday().slice(0, 4)) - 1;
    const lines = await compensationRegister(db, h.ctx, EVERYONE, { year });
    const canManage = h.can('compensation.manage');
    const communes = canManage ? (await territory.listCollectivities(db, h.ctx)).filter((c) => c.kind === 'commune').map((c) => ({ id: c.id, name: c.name })).sort((a, b) => a.name.localeCompare(b.name, 'fr')) : [];
    return sendTerritoryPage(
      request,
      reply,
      `Attributions de compensation ${year}`,
      <CompensationPage lines={lines} year={year} base={h.base} canManage={canManage} allCommunes={communes} error={error} values={values} />,
      error ? (error.field ? 400 : 409) : 200,
    );
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get(
      '/conventions',
      {
        config: { access: 'agreement.read' },
        schema: { hide: true, querystring: Type.Object({ theme: Type.Optional(Type.String({ maxLength: 80 })), participant: Type.Optional(Type.String({ maxLength: 40 })), statut: Type.Optional(Type.String({ maxLength: 20 })), date: DateQuery }) },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('agreement.read');
        const q = request.query;
        const on = onDate(q.date);
        const status = (SERVICE_STATUSES as readonly string[]).includes(q.statut ?? '') ? (q.statut as ServiceStatus) : undefined;
        const participantId = q.participant && /^[0-9a-f-]{36}$/.test(q.participant) ? q.participant : undefined;
        const viewer = viewerOf(h);
        const view = await register(db, h.ctx, viewer, { theme: q.theme || undefined, participantId, status }, on);
        // A commune user reaches its own AC from here (the register of every commune's AC is not theirs).
        const ownCommunes = viewer.communeIds === null ? [] : (await territory.listCollectivities(db, h.ctx)).filter((c) => viewer.communeIds!.includes(c.id) && c.inseeCode && h.can('compensation.read', { collectivityId: c.id })).map((c) => ({ inseeCode: c.inseeCode!, name: c.name }));
        return sendTerritoryPage(request, reply, 'Services mutualisés et conventions', <RegisterPage view={view} base={h.base} on={on} filters={{ theme: q.theme ?? '', participant: participantId ?? '', status: status ?? '' }} communeOnly={viewer.communeIds !== null} ownCommunes={ownCommunes} />);
      },
    );

    t.get('/conventions.csv', { config: { access: 'agreement.read' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      const on = parisToday();
      const table = registerTable(await register(db, h.ctx, viewerOf(h), {}, on));
      return sendDocument(reply, { filename: 'services-mutualises.csv', type: 'csv', bytes: tableToCsv(table) });
    });

    t.get('/conventions.xlsx', { config: { access: 'agreement.read' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      const on = parisToday();
      const table = registerTable(await register(db, h.ctx, viewerOf(h), {}, on));
      return sendDocument(reply, { filename: 'services-mutualises.xlsx', type: 'xlsx', bytes: await tableToXlsx(table, { date: on }) });
    });

    t.get('/conventions/:agreementId', { config: { access: 'agreement.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), agreementId: Id }), querystring: Type.Object({ date: DateQuery }) } }, async (request, reply) => {
      here(request).require('agreement.read');
      return showAgreement(request, reply);
    });

    t.get('/conventions/:agreementId/fiche.pdf', { config: { access: 'agreement.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), agreementId: Id }) } }, async (request, reply) => {
      const h = here(request);
      const on = parisToday();
      const detail = await agreementDetail(db, h.ctx, viewerOf(h), request.params.agreementId, on);
      return sendDocument(reply, { filename: `convention-${detail.summary.agreement.reference}.pdf`, type: 'pdf', bytes: await agreementSheetPdf(detail, h.territory.name, on) });
    });

    t.post(
      '/conventions/:agreementId/approbations',
      {
        config: { access: 'agreement.approve' },
        schema: {
          hide: true,
          params: Type.Object({ siren: Type.String(), agreementId: Id }),
          body: Type.Object({ target: Type.String({ maxLength: 40 }), collectivityId: Type.String({ maxLength: 40 }), body: Type.String({ maxLength: 200 }), approvedOn: Type.String({ maxLength: 20 }), deliberationReference: Type.Optional(Type.String({ maxLength: 100 })), ...csrf }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('agreement.approve');
        const b = request.body;
        try {
          await agreements.recordApproval(db, h.ctx, {
            agreementId: request.params.agreementId,
            amendmentId: b.target === 'agreement' ? null : b.target,
            collectivityId: b.collectivityId,
            body: b.body,
            approvedOn: b.approvedOn,
            deliberationReference: b.deliberationReference ?? null,
          });
        } catch (error) {
          return showAgreement(request, reply, formErrorOf(error), b as Record<string, string>);
        }
        return reply.redirect(`${h.base}/conventions/${request.params.agreementId}#approbations`, 303);
      },
    );

    t.get('/attributions-compensation', { config: { access: 'compensation.register' }, schema: { hide: true, querystring: Type.Object({ annee: Type.Optional(Type.String({ maxLength: 4 })) }) } }, async (request, reply) => {
      here(request).require('compensation.register');
      return showCompensation(request, reply);
    });

    t.get(
      '/communes/:insee/attribution-compensation',
      { config: { access: 'compensation.read' }, preValidation: compensationGate(db), schema: { hide: true, params: Type.Object({ siren: Type.String(), insee: Type.String({ pattern: '^(\\d{5}|2[AB]\\d{3})$' }) }) } },
      async (request, reply) => {
        const h = here(request);
        const commune = await territory.collectivityByInsee(db, h.ctx, request.params.insee);
        if (!commune || commune.kind !== 'commune') throw new NotFoundError("Cette commune n'appartient pas au territoire.");
        h.require('compensation.read', { collectivityId: commune.id });
        const lines = await compensationRegister(db, h.ctx, EVERYONE, { communeId: commune.id });
        return sendTerritoryPage(request, reply, `Attribution de compensation de ${commune.name}`, <CommuneCompensationPage name={commune.name} lines={lines} base={h.base} canRegister={h.can('compensation.register')} />);
      },
    );

    t.post(
      '/attributions-compensation',
      {
        config: { access: 'compensation.manage' },
        schema: {
          hide: true,
          querystring: Type.Object({ annee: Type.Optional(Type.String({ maxLength: 4 })) }),
          body: Type.Object({ communeId: Type.String({ maxLength: 40 }), year: Type.String({ maxLength: 4 }), clectAmount: Type.String({ maxLength: 30 }), clectReportOn: Type.Optional(Type.String({ maxLength: 20 })), ...csrf }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('compensation.manage');
        const b = request.body;
        try {
          const cents = Cents.parseEuros(b.clectAmount);
          if (cents === null) throw new UserError('Le champ « montant après CLECT » doit être un montant en euros (ex. −12 500,00 si la commune doit l’AC).', 400, 'clectAmount');
          await agreements.setCompensationAllocation(db, h.ctx, { communeId: b.communeId, year: Number(b.year), clectAmountCents: cents, clectReportOn: b.clectReportOn || null });
        } catch (error) {
          return showCompensation(request, reply, formErrorOf(error), b as Record<string, string>);
        }
        return reply.redirect(`${h.base}/attributions-compensation?annee=${encodeURIComponent(b.year)}`, 303);
      },
    );
  });
}
