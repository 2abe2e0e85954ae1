import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage } from '../../access/guard.tsx';
import { formErrorOf, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import { UserError } from '../../platform/http/errors.ts';
import { parisToday } from '../../platform/clock.ts';
import { describeProblems, ImportError } from '../../platform/imports.ts';
import * as territory from '../../territory/service.ts';
import { EVERYONE, loadGroup } from '../service.ts';
import * as contracts from '../contract-service.ts';
import { contractDetail, listContracts } from '../view-service.ts';
import { viewerOf } from '../viewer.ts';
import { scopeOf } from '../../platform/context.ts';
import { ContractFormBody, ContractFormPage, draftOf, formFieldOf, type ContractForm } from './contract-form.tsx';
import { ContractDetailPage } from './contract-detail.tsx';
import { day, eurosField, integerField, money, plural } from './ui.tsx';

const Id = Type.String({ format: 'uuid' });
const ContractParams = Type.Object({ siren: Type.String(), contractId: Id });
const csrf = { _csrf: Type.Optional(Type.String()) };

export function contractPages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  const showForm = async (request: FastifyRequest, reply: FastifyReply, groupId: string | null, error: FormError | null = null, values: ContractForm = {}) => {
    const h = here(request);
    const register = await territory.listCollectivities(db, h.ctx);
    const loaded = groupId ? await db.transaction(scopeOf(h.ctx), (tx) => loadGroup(tx, h.ctx, groupId, EVERYONE)) : null;
    return sendTerritoryPage(
      request,
      reply,
      'Nouveau marché',
      <ContractFormPage base={h.base} register={register} group={loaded?.group ?? null} members={loaded?.members ?? []} lots={loaded?.lots ?? []} error={error} values={values} />,
      error ? (error.field ? 400 : 409) : 200,
    );
  };

  const showDetail = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null, form = '', values: Record<string, string> = {}) => {
    const h = here(request);
    const viewer = viewerOf(h);
    const detail = await contractDetail(db, h.ctx, (request.params as { contractId: string }).contractId, viewer);
    const consumers = h.can('procurement.recordConsumption') ? (detail.group ? detail.members.map((m) => ({ id: m.collectivityId, name: m.name })) : (await territory.listCollectivities(db, h.ctx)).map((c) => ({ id: c.id, name: c.name }))) : [];
    return sendTerritoryPage(
      request,
      reply,
      `Marché ${detail.contract.reference}`,
      <ContractDetailPage detail={detail} base={h.base} canManage={h.can('procurement.manage')} consumers={consumers} error={error} form={form} values={values} />,
      error ? (error.field ? (form === 'import' ? 422 : 400) : 409) : 200,
    );
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/achats/marches', { config: { access: 'procurement.read' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('procurement.read');
      const list = await listContracts(db, h.ctx, viewerOf(h));
      return sendTerritoryPage(
        request,
        reply,
        'Marchés',
        <section>
          <Breadcrumb trail={[{ href: `${h.base}/achats`, label: 'Groupements de commandes' }]} />
          <h1>Marchés</h1>
          <p class="downloads">
            {h.can('procurement.manage') ? <a href={`${h.base}/achats/marches/nouveau`}>Enregistrer un marché hors groupement</a> : null}
            {h.can('procurement.export') ? (
              <>
                {h.can('procurement.manage') ? ' · ' : ''}
                <a href={`${h.base}/achats/decp`}>Données essentielles (DECP)</a>
              </>
            ) : null}
          </p>
          <ScrollRegion label="Marchés">
            <table>
              <caption>{plural(list.length, 'marché', 'marchés')}</caption>
              <thead>
                <tr>
                  <th scope="col">Numéro</th>
                  <th scope="col">Objet</th>
                  <th scope="col">Origine</th>
                  <th scope="col">Acheteur</th>
                  <th scope="col">Notifié le</th>
                  <th scope="col" class="num">Montant HT</th>
                </tr>
              </thead>
              <tbody>
                {list.map(({ contract: c, buyerName, groupReference }) => (
                  <tr>
                    <td class="nowrap">
                      <a href={`${h.base}/achats/marches/${c.id}`}>{c.reference}</a>
                    </td>
                    <td>{c.object}</td>
                    <td>{groupReference ? `groupement ${groupReference}` : (c.sharedDirection ?? (c.source.startsWith('DECP') ? 'import DECP' : 'marché propre'))}</td>
                    <td>{buyerName}</td>
                    <td>{day(c.notifiedOn)}</td>
                    <td class="num">{money(c.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>,
      );
    });

    t.get('/achats/marches/nouveau', { config: { access: 'procurement.manage' }, schema: { hide: true, querystring: Type.Object({ groupe: Type.Optional(Id) }) } }, async (request, reply) => {
      here(request).require('procurement.manage');
      return showForm(request, reply, request.query.groupe ?? null);
    });

    t.post('/achats/marches', { config: { access: 'procurement.manage' }, schema: { hide: true, body: ContractFormBody } }, async (request, reply) => {
      const h = here(request);
      h.require('procurement.manage');
      const groupId = typeof request.body.groupId === 'string' && /^[0-9a-f-]{36}$/i.test(request.body.groupId) ? request.body.groupId : null;
      try {
        const created = await contracts.recordContract(db, h.ctx, draftOf(request.body));
        return reply.redirect(`${h.base}/achats/marches/${created.id}`, 303);
      } catch (error) {
        const e = formErrorOf(error);
        return showForm(request, reply, groupId, { message: e.message, field: formFieldOf(e.field) }, request.body);
      }
    });

    t.get('/achats/marches/:contractId', { config: { access: 'procurement.read' }, schema: { hide: true, params: ContractParams } }, async (request, reply) => {
      here(request).require('procurement.read');
      return showDetail(request, reply);
    });

    t.post(
      '/achats/marches/:contractId/modifications',
      { config: { access: 'procurement.manage' }, schema: { hide: true, params: ContractParams, body: Type.Object({ notifiedOn: Type.String({ maxLength: 20 }), amountCents: Type.Optional(Type.String({ maxLength: 30 })), durationMonths: Type.Optional(Type.String({ maxLength: 10 })), object: Type.Optional(Type.String({ maxLength: 500 })), ...csrf }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('procurement.manage');
        const b = request.body;
        try {
          await contracts.recordModification(
            db,
            h.ctx,
            request.params.contractId,
            { notifiedOn: b.notifiedOn, amountCents: eurosField(b.amountCents, 'amountCents', 'nouveau montant HT'), durationMonths: integerField(b.durationMonths, 'durationMonths', 'nouvelle durée'), object: b.object ?? null },
            parisToday(),
          );
        } catch (error) {
          return showDetail(request, reply, formErrorOf(error), 'modification', b);
        }
        return reply.redirect(`${h.base}/achats/marches/${request.params.contractId}#modifications`, 303);
      },
    );

    t.post(
      '/achats/marches/:contractId/consommations',
      {
        config: { access: 'procurement.recordConsumption' },
        schema: { hide: true, params: ContractParams, body: Type.Object({ collectivityId: Type.String({ maxLength: 40 }), period: Type.String({ maxLength: 10 }), kind: Type.String({ maxLength: 20 }), amountCents: Type.String({ maxLength: 30 }), reference: Type.Optional(Type.String({ maxLength: 200 })), ...csrf }) },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('procurement.recordConsumption');
        const b = request.body;
        try {
          const amount = eurosField(b.amountCents, 'amountCents', 'montant HT');
          if (amount === null) throw new UserError('Le champ « montant HT » est obligatoire.', 400, 'amountCents');
          await contracts.recordConsumption(db, h.ctx, request.params.contractId, { collectivityId: b.collectivityId, period: b.period.trim(), kind: b.kind, amountCents: amount, reference: b.reference?.trim() || null });
        } catch (error) {
          return showDetail(request, reply, formErrorOf(error), 'consommation', b);
        }
        return reply.redirect(`${h.base}/achats/marches/${request.params.contractId}#consommation`, 303);
      },
    );

    t.post('/achats/marches/:contractId/consommations/import', { config: { access: 'procurement.recordConsumption' }, schema: { hide: true, params: ContractParams } }, async (request, reply) => {
      const h = here(request);
      h.require('procurement.recordConsumption');
      try {
        const file = (request.body as Record<string, unknown> | undefined)?.fichier as MultipartFile | undefined;
        if (!request.isMultipart() || !file || typeof file.toBuffer !== 'function' || !file.filename) throw new UserError('Choisissez un fichier CSV ou XLSX à importer.', 400, 'fichier');
        const result = await contracts.importConsumption(db, h.ctx, request.params.contractId, await file.toBuffer());
        return showDetail(request, reply, null, 'import', { importResult: `${plural(result.created, 'consommation ajoutée', 'consommations ajoutées')}, ${plural(result.updated, 'remplacée', 'remplacées')}.` });
      } catch (error) {
        if (error instanceof ImportError) return showDetail(request, reply, { message: `Import refusé, rien n'a été enregistré.\n${describeProblems(error.problems.slice(0, 50)).join('\n')}`, field: 'fichier' }, 'import');
        return showDetail(request, reply, formErrorOf(error), 'import');
      }
    });
  });
}
