import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage } from '../../access/guard.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../../platform/http/layout.tsx';
import * as territory from '../../territory/service.ts';
import { COLLECTIVITY_KIND_LABELS, type Collectivity } from '../../territory/model.ts';
import { COORDINATOR_MISSION_LABELS, COORDINATOR_MISSIONS, SCOPE_LABELS, SCOPES } from '../model.ts';
import * as procurement from '../service.ts';
import type { GroupSummary } from '../service.ts';
import { viewerOf } from '../viewer.ts';
import { day, integerField, many, plural, scopesText, StatusBadge } from './ui.tsx';
import { GroupDetailPage } from './group-detail.tsx';
import { groupDetail } from '../view-service.ts';

const Id = Type.String({ format: 'uuid' });
const csrf = { _csrf: Type.Optional(Type.String()) };

/** The groups list, a group's page, and the forms that build a group up to its launch. */
export function groupPages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  const showList = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null, values: Record<string, string | string[]> = {}) => {
    const h = here(request);
    const [groups, register] = await Promise.all([procurement.listGroups(db, h.ctx, viewerOf(h)), h.can('procurement.manage') ? territory.listCollectivities(db, h.ctx) : Promise.resolve([])]);
    const commune = viewerOf(h).communeIds !== null;
    return sendTerritoryPage(
      request,
      reply,
      'Groupements de commandes',
      <GroupsPage groups={groups} base={h.base} canManage={h.can('procurement.manage')} register={register} error={error} values={values} communeOnly={commune} canStats={h.can('procurement.statistics')} />,
      error ? 400 : 200,
    );
  };

  const showDetail = async (request: FastifyRequest, reply: FastifyReply, error: FormError | null = null, form = '', values: Record<string, string> = {}) => {
    const h = here(request);
    const detail = await groupDetail(db, h.ctx, (request.params as { groupId: string }).groupId, viewerOf(h));
    const register = h.can('procurement.manage') ? await territory.listCollectivities(db, h.ctx) : [];
    const needsLinks = detail.members.filter((m) => (m.inseeCode ? h.can('procurement.declareNeeds', { collectivityId: m.collectivityId }) : h.can('procurement.manage')));
    return sendTerritoryPage(
      request,
      reply,
      `Groupement ${detail.group.reference}`,
      <GroupDetailPage
        detail={detail}
        base={h.base}
        canManage={h.can('procurement.manage')}
        canConsume={h.can('procurement.recordConsumption')}
        needsLinks={needsLinks}
        register={register}
        error={error}
        form={form}
        values={values}
      />,
      error ? (error.field ? 400 : 409) : 200,
    );
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/achats', { config: { access: 'procurement.read' }, schema: { hide: true } }, async (request, reply) => {
      here(request).require('procurement.read');
      return showList(request, reply);
    });

    t.post(
      '/achats/groupements',
      {
        config: { access: 'procurement.manage' },
        schema: {
          hide: true,
          body: Type.Object({
            reference: Type.String({ maxLength: 40 }),
            object: Type.String({ maxLength: 1200 }),
            scopes: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 3 })])),
            categories: Type.Optional(Type.String({ maxLength: 400 })),
            coordinatorId: Type.String({ maxLength: 40 }),
            memberIds: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })])),
            coordinatorMission: Type.String({ maxLength: 40 }),
            agreementDurationMonths: Type.Optional(Type.String({ maxLength: 10 })),
            ...csrf,
          }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('procurement.manage');
        const b = request.body;
        try {
          const memberIds = [...new Set([b.coordinatorId, ...many(b.memberIds)].filter(Boolean))];
          const created = await procurement.createGroup(db, h.ctx, {
            reference: b.reference.trim(),
            object: b.object,
            scopes: many(b.scopes),
            categories: (b.categories ?? '').split(',').map((c) => c.trim()).filter(Boolean),
            coordinatorId: b.coordinatorId,
            memberIds,
            coordinatorMission: b.coordinatorMission,
            agreementDurationMonths: integerField(b.agreementDurationMonths, 'agreementDurationMonths', 'durée de la convention'),
          });
          return reply.redirect(`${h.base}/achats/groupements/${created.id}`, 303);
        } catch (error) {
          return showList(request, reply, formErrorOf(error), b);
        }
      },
    );

    t.get('/achats/groupements/:groupId', { config: { access: 'procurement.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), groupId: Id }) } }, async (request, reply) => {
      here(request).require('procurement.read');
      return showDetail(request, reply);
    });

    // Each step of the group's life is a small form on its page; a refusal re-renders the page with the message beside it.
    const step = <B extends Record<string, unknown>>(path: string, form: string, body: Record<string, ReturnType<typeof Type.String> | ReturnType<typeof Type.Optional>>, run: (h: ReturnType<typeof here>, groupId: string, b: B) => Promise<unknown>) => {
      t.post(
        `/achats/groupements/:groupId${path}`,
        { config: { access: 'procurement.manage' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), groupId: Id }), body: Type.Object({ ...body, ...csrf }) } },
        async (request, reply) => {
          const h = here(request);
          h.require('procurement.manage');
          try {
            await run(h, request.params.groupId, request.body as unknown as B);
          } catch (error) {
            return showDetail(request, reply, formErrorOf(error), form, request.body as Record<string, string>);
          }
          return reply.redirect(`${h.base}/achats/groupements/${request.params.groupId}#${form}`, 303);
        },
      );
    };
    step<{ collectivityId: string }>('/membres', 'membres', { collectivityId: Type.String({ maxLength: 40 }) }, (h, id, b) => procurement.addMember(db, h.ctx, id, b.collectivityId));
    step<{ memberId: string; approvalBody: string; approvalDate: string; approvalReference: string }>(
      '/approbations',
      'approbations',
      { memberId: Type.String({ maxLength: 40 }), approvalBody: Type.String({ maxLength: 300 }), approvalDate: Type.String({ maxLength: 20 }), approvalReference: Type.String({ maxLength: 300 }) },
      (h, id, b) => procurement.recordApproval(db, h.ctx, id, b.memberId, b),
    );
    step<{ title: string; unit?: string }>('/lots', 'lots', { title: Type.String({ maxLength: 400 }), unit: Type.Optional(Type.String({ maxLength: 60 })) }, (h, id, b) => procurement.addLot(db, h.ctx, id, b));
    step<{ agreementSignedOn: string }>('/signature', 'etapes', { agreementSignedOn: Type.String({ maxLength: 20 }) }, (h, id, b) => procurement.signAgreement(db, h.ctx, id, b.agreementSignedOn));
    step<{ launchedOn: string }>('/lancement', 'etapes', { launchedOn: Type.String({ maxLength: 20 }) }, (h, id, b) => procurement.launchProcedure(db, h.ctx, id, b.launchedOn));
    step<{ closedOn: string }>('/cloture', 'etapes', { closedOn: Type.String({ maxLength: 20 }) }, (h, id, b) => procurement.closeGroup(db, h.ctx, id, b.closedOn));
  });
}

function GroupsPage(props: { groups: GroupSummary[]; base: string; canManage: boolean; canStats: boolean; communeOnly: boolean; register: Collectivity[]; error: FormError | null; values: Record<string, string | string[]> }) {
  const v = props.values;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  const chosen = new Set(many(v.memberIds as string | string[] | undefined));
  const scopes = new Set(many(v.scopes as string | string[] | undefined));
  const members = props.register.filter((c) => c.kind !== 'commune' || c.inseeCode);
  return (
    <section>
      <h1>Groupements de commandes</h1>
      <p class="prose">
        Chaque groupement réunit des acheteurs sous une convention constitutive qui désigne un coordonnateur parmi eux (Code de la commande publique, articles L2113-6 à L2113-8).
        {props.communeOnly ? ' Vous voyez les groupements dont votre commune est membre.' : ''}
      </p>
      <p class="downloads">
        <a href={`${props.base}/achats/marches`}>Marchés</a>
        {props.canStats ? (
          <>
            {' · '}
            <a href={`${props.base}/achats/statistiques`}>Statistiques annuelles</a>
          </>
        ) : null}
      </p>
      {props.groups.length === 0 ? (
        <p>Aucun groupement à afficher.</p>
      ) : (
        <ScrollRegion label="Groupements de commandes" id="groupements">
          <table>
            <caption>{plural(props.groups.length, 'groupement', 'groupements')}</caption>
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Objet</th>
                <th scope="col">Périmètre</th>
                <th scope="col">Coordonnateur</th>
                <th scope="col" class="num">Membres</th>
                <th scope="col">Convention signée le</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {props.groups.map((s) => (
                <tr>
                  <td>
                    <a href={`${props.base}/achats/groupements/${s.group.id}`}>{s.group.reference}</a>
                  </td>
                  <td>{s.group.object}</td>
                  <td>{scopesText(s.group)}</td>
                  <td>{s.coordinator}</td>
                  <td class="num">{s.members.length}</td>
                  <td>{day(s.group.agreementSignedOn)}</td>
                  <td>
                    <StatusBadge status={s.group.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.canManage ? (
        <>
          <h2 id="creation">Constituer un groupement</h2>
          <form method="post" action={`${props.base}/achats/groupements`} class="stacked prose" aria-label="Constituer un groupement">
            <CsrfField />
            <FormAlert error={props.error} fields={['reference', 'object', 'scopes', 'categories', 'coordinatorId', 'memberIds', 'coordinatorMission', 'agreementDurationMonths']} />
            <Field id="reference" name="reference" label="Référence" hint="16 caractères au plus, ex. GC-2020-02." required value={str('reference')} error={props.error} />
            <Field id="object" name="object" label="Objet" required value={str('object')} error={props.error} />
            <fieldset class="field">
              <legend>Périmètre</legend>
              {props.error?.field === 'scopes' ? <p class="error">{props.error.message}</p> : null}
              {SCOPES.map((s) => (
                <label class="check">
                  <input type="checkbox" name="scopes" value={s} checked={scopes.has(s)} /> {SCOPE_LABELS[s]}
                </label>
              ))}
            </fieldset>
            <Field id="categories" name="categories" label="Catégories (séparées par des virgules)" value={str('categories')} error={props.error} />
            <Field id="coordinatorId" name="coordinatorId" label="Coordonnateur" error={props.error}>
              <select id="coordinatorId" name="coordinatorId">
                {members.map((c) => (
                  <option value={c.id} selected={str('coordinatorId') ? str('coordinatorId') === c.id : c.kind === 'epci'}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="memberIds" name="memberIds" label="Autres membres" hint="Le coordonnateur est membre d'office. Maintenez Ctrl (ou Cmd) pour en choisir plusieurs." error={props.error}>
              <select id="memberIds" name="memberIds" multiple size={8} aria-describedby="memberIds-aide">
                {members.map((c) => (
                  <option value={c.id} selected={chosen.has(c.id)}>
                    {c.kind === 'commune' ? c.name : `${c.name} (${COLLECTIVITY_KIND_LABELS[c.kind]})`}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="coordinatorMission" name="coordinatorMission" label="Mission du coordonnateur (convention constitutive)" error={props.error}>
              <select id="coordinatorMission" name="coordinatorMission">
                {COORDINATOR_MISSIONS.map((m) => (
                  <option value={m} selected={str('coordinatorMission') ? str('coordinatorMission') === m : m === 'awardAndSignature'}>
                    {COORDINATOR_MISSION_LABELS[m]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="agreementDurationMonths" name="agreementDurationMonths" label="Durée de la convention (mois)" inputmode="numeric" value={str('agreementDurationMonths')} error={props.error} />
            <button type="submit">Créer le groupement</button>
          </form>
          <p class="hint">Un organisme extérieur (autre EPCI, établissement public) s'ajoute d'abord au <a href={`${props.base}/collectivites`}>registre des collectivités</a>.</p>
        </>
      ) : null}
    </section>
  );
}

export function GroupBreadcrumb(props: { base: string }) {
  return <Breadcrumb trail={[{ href: `${props.base}/achats`, label: 'Groupements de commandes' }]} />;
}
