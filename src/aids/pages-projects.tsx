import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../platform/http/forms.tsx';
import { NotFoundError } from '../platform/http/errors.ts';
import { Cents } from '../platform/money.ts';
import { formatCents } from '../platform/format.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import { contributionCeiling, ownShareTenths } from './contribution.ts';
import { queryOf } from './http.ts';
import { FUNDING_STATUS_LABELS, FUNDING_STATUSES, PROJECT_STAGE_LABELS, PROJECT_STAGES, PROJECT_TYPES, SPENDING_KIND_LABELS, SPENDING_KINDS } from './model.ts';
import { fundingStatusText, Options, ProjectTypeOptions } from './pages-parts.tsx';
import * as aids from './service.ts';
import type { FundingView, ProjectView } from './service.ts';

const Opt = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const Insee = Type.String({ maxLength: 5 });
const Id = Type.String({ maxLength: 40 });

/** A commune's projects and the aids each targets; a project's page with where each application stands. */
export function projectPages(app: App, deps: ServerDeps): void {
  const { db } = deps;

  /** The commune of the address; 403 unless the person may take the action on it, before any input is read. */
  const communeOf = async (request: FastifyRequest, insee: string, action: 'project.read' | 'project.edit') => {
    const h = here(request);
    const commune = await territory.collectivityByInsee(db, h.ctx, insee);
    if (!commune || commune.kind !== 'commune') throw new NotFoundError("Cette commune n'appartient pas au territoire.");
    h.require(action, { collectivityId: commune.id });
    return { h, commune };
  };

  const showList = async (request: FastifyRequest, reply: FastifyReply, commune: Collectivity, error: FormError | null = null, values: Record<string, string> = {}) => {
    const h = here(request);
    const projects = await aids.projectsOf(db, h.ctx, commune.id);
    return sendTerritoryPage(
      request,
      reply,
      `${error ? 'Erreur : ' : ''}Projets de ${commune.name}`,
      <ProjectsPage base={h.base} commune={commune} projects={projects} canEdit={h.can('project.edit', { collectivityId: commune.id })} error={error} values={values} />,
      error ? 400 : 200,
    );
  };

  const showProject = async (request: FastifyRequest, reply: FastifyReply, commune: Collectivity, projectId: string, error: (FormError & { fundingId: string }) | null = null) => {
    const h = here(request);
    const view = await aids.projectDetail(db, h.ctx, commune.id, projectId);
    return sendTerritoryPage(
      request,
      reply,
      `${error ? 'Erreur : ' : ''}${view.project.title}`,
      <ProjectPage base={h.base} commune={commune} view={view} canEdit={h.can('project.edit', { collectivityId: commune.id })} canGrant={h.can('contribution.grant')} error={error} />,
      error ? 400 : 200,
    );
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/communes/:insee/projets', { config: { access: 'project.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), insee: Insee }) } }, async (request, reply) => {
      const { commune } = await communeOf(request, request.params.insee, 'project.read');
      return showList(request, reply, commune);
    });

    t.post(
      '/communes/:insee/projets',
      { config: { access: 'project.edit' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), insee: Insee }), body: Type.Object({ title: Opt(300), projectType: Opt(40), stage: Opt(40), spendingKind: Opt(40), estimatedCost: Opt(40), description: Opt(6000), _csrf: Opt(200) }) } },
      async (request, reply) => {
        const { h, commune } = await communeOf(request, request.params.insee, 'project.edit');
        let created;
        try {
          created = await aids.createProject(db, h.ctx, commune.id, request.body);
        } catch (error) {
          return showList(request, reply, commune, formErrorOf(error), request.body as Record<string, string>);
        }
        return reply.redirect(`${h.base}/communes/${commune.inseeCode}/projets/${created.id}`, 303);
      },
    );

    t.get('/communes/:insee/projets/:projectId', { config: { access: 'project.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), insee: Insee, projectId: Id }) } }, async (request, reply) => {
      const { commune } = await communeOf(request, request.params.insee, 'project.read');
      return showProject(request, reply, commune, request.params.projectId);
    });

    t.post(
      '/communes/:insee/projets/:projectId/aides',
      { config: { access: 'project.edit' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), insee: Insee, projectId: Id }), body: Type.Object({ schemeId: Opt(40), retour: Opt(10), _csrf: Opt(200) }) } },
      async (request, reply) => {
        const { h, commune } = await communeOf(request, request.params.insee, 'project.edit');
        await aids.targetScheme(db, h.ctx, commune.id, request.params.projectId, request.body.schemeId ?? '');
        const back = request.body.retour === 'aide' ? `${h.base}/aides/${request.body.schemeId}?ciblee=1` : `${h.base}/communes/${commune.inseeCode}/projets/${request.params.projectId}`;
        return reply.redirect(back, 303);
      },
    );

    t.post(
      '/communes/:insee/projets/:projectId/aides/:fundingId',
      {
        config: { access: 'project.edit' },
        schema: {
          hide: true,
          params: Type.Object({ siren: Type.String(), insee: Insee, projectId: Id, fundingId: Id }),
          body: Type.Object({ status: Opt(20), requested: Opt(40), obtained: Opt(40), decidedOn: Opt(20), note: Opt(3000), epciBody: Opt(300), epciDate: Opt(20), epciReference: Opt(100), communeBody: Opt(300), communeDate: Opt(20), communeReference: Opt(100), _csrf: Opt(200) }),
        },
      },
      async (request, reply) => {
        const { h, commune } = await communeOf(request, request.params.insee, 'project.edit');
        try {
          await aids.updateFunding(db, h.ctx, commune.id, request.params.projectId, request.params.fundingId, request.body, h.can('contribution.grant'));
        } catch (error) {
          const e = formErrorOf(error);
          if (error instanceof NotFoundError) throw error;
          return showProject(request, reply, commune, request.params.projectId, { ...e, fundingId: request.params.fundingId });
        }
        return reply.redirect(`${h.base}/communes/${commune.inseeCode}/projets/${request.params.projectId}#aide-${request.params.fundingId}`, 303);
      },
    );
  });
}

const PROJECT_FIELDS = ['title', 'projectType', 'stage', 'spendingKind', 'estimatedCost', 'description'];

function ProjectsPage(props: { base: string; commune: Collectivity; projects: ProjectView[]; canEdit: boolean; error: FormError | null; values: Record<string, string> }) {
  const { commune, error, values } = props;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/communes`, label: 'Communes membres' }, { href: `${props.base}/communes/${commune.inseeCode}`, label: commune.name }]} />
      <h1>{`Projets de ${commune.name}`}</h1>
      {props.projects.length === 0 ? (
        <p>Aucun projet enregistré pour l’instant.</p>
      ) : (
        <ScrollRegion label={`Projets de ${commune.name}`}>
          <table>
            <caption>{`${props.projects.length} projet${props.projects.length > 1 ? 's' : ''} et les aides ciblées`}</caption>
            <thead>
              <tr>
                <th scope="col">Projet</th>
                <th scope="col">Typologie</th>
                <th scope="col" class="num">Coût estimé</th>
                <th scope="col">Aides ciblées</th>
                <th scope="col" class="num">Obtenu</th>
              </tr>
            </thead>
            <tbody>
              {props.projects.map((v) => (
                <tr>
                  <td>
                    <a href={`${props.base}/communes/${commune.inseeCode}/projets/${v.project.id}`}>{v.project.title}</a>
                  </td>
                  <td>{PROJECT_TYPES[v.project.projectType].label}</td>
                  <td class="num">{formatCents(v.project.estimatedCostCents)}</td>
                  <td>
                    <ul class="plain">
                      {v.fundings.map((f) => (
                        <li>{`${f.scheme.name} — ${fundingStatusText(f)}`}</li>
                      ))}
                    </ul>
                  </td>
                  <td class="num">{formatCents(v.obtainedCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.canEdit ? (
        <>
          <h2 id="nouveau">Enregistrer un projet</h2>
          <form method="post" action={`${props.base}/communes/${commune.inseeCode}/projets`} class="stacked narrow" aria-labelledby="nouveau">
            <CsrfField />
            <FormAlert error={error} fields={PROJECT_FIELDS} />
            <Field id="title" name="title" label="Intitulé du projet" required value={values.title ?? ''} error={error} autofocus={error?.field === 'title' || undefined} />
            <Field id="projectType" name="projectType" label="Typologie" error={error}>
              <select id="projectType" name="projectType" required>
                <ProjectTypeOptions selected={values.projectType} blank="— Choisir —" />
              </select>
            </Field>
            <Field id="stage" name="stage" label="Étape" error={error}>
              <select id="stage" name="stage">
                <Options values={PROJECT_STAGES} labels={PROJECT_STAGE_LABELS} selected={values.stage} />
              </select>
            </Field>
            <Field id="spendingKind" name="spendingKind" label="Nature des dépenses" error={error}>
              <select id="spendingKind" name="spendingKind">
                <Options values={SPENDING_KINDS} labels={SPENDING_KIND_LABELS} selected={values.spendingKind ?? 'investment'} />
              </select>
            </Field>
            <Field id="estimatedCost" name="estimatedCost" label="Coût estimé hors taxes (euros)" hint="Par exemple 120 000 ou 120000,50." inputmode="decimal" required value={values.estimatedCost ?? ''} error={error} autofocus={error?.field === 'estimatedCost' || undefined} />
            <Field id="description" name="description" label="Description" error={error}>
              <textarea id="description" name="description" rows={3}>
                {values.description ?? ''}
              </textarea>
            </Field>
            <button type="submit">Enregistrer le projet</button>
          </form>
        </>
      ) : null}
    </section>
  );
}

function ProjectPage(props: { base: string; commune: Collectivity; view: ProjectView; canEdit: boolean; canGrant: boolean; error: (FormError & { fundingId: string }) | null }) {
  const { project: p, fundings, obtainedCents } = props.view;
  const search = queryOf({ beneficiaryId: props.commune.id, projectType: p.projectType, stage: p.stage, spendingKind: p.spendingKind });
  const share = ownShareTenths(p.estimatedCostCents, obtainedCents);
  return (
    <section>
      <Breadcrumb
        trail={[
          { href: `${props.base}/communes/${props.commune.inseeCode}`, label: props.commune.name },
          { href: `${props.base}/communes/${props.commune.inseeCode}/projets`, label: 'Projets' },
        ]}
      />
      <h1>{p.title}</h1>
      <dl class="facts">
        <div>
          <dt>Typologie</dt>
          <dd>{PROJECT_TYPES[p.projectType].label}</dd>
        </div>
        <div>
          <dt>Étape</dt>
          <dd>{PROJECT_STAGE_LABELS[p.stage]}</dd>
        </div>
        <div>
          <dt>Coût estimé (HT)</dt>
          <dd>{formatCents(p.estimatedCostCents)}</dd>
        </div>
        <div>
          <dt>Aides obtenues</dt>
          <dd>{formatCents(obtainedCents)}</dd>
        </div>
      </dl>
      {p.description ? <p class="pre-line">{p.description}</p> : null}
      {/* CGCT L1111-10 III: the owner of an investment bears at least 20 % of its public funding. */}
      <p class={share < 200 ? 'error' : 'hint'}>{`Autofinancement de la commune : ${(share / 10).toFixed(1).replace('.', ',')} % du coût (au moins 20 % des financements publics, CGCT L1111-10 III, sauf dérogation).`}</p>
      <p>
        <a href={`${props.base}/aides?${search}`}>Trouver des aides pour ce projet</a>
      </p>
      <h2>Aides ciblées</h2>
      {fundings.length === 0 ? <p>Aucune aide ciblée : lancez une recherche puis « Cibler cette aide ».</p> : null}
      {fundings.map((f) => (
        <FundingBlock base={props.base} commune={props.commune} view={props.view} funding={f} canEdit={props.canEdit} canGrant={props.canGrant} error={props.error?.fundingId === f.id ? props.error : null} />
      ))}
    </section>
  );
}

function FundingBlock(props: { base: string; commune: Collectivity; view: ProjectView; funding: FundingView; canEdit: boolean; canGrant: boolean; error: FormError | null }) {
  const f = props.funding;
  const id = `aide-${f.id}`;
  const others = Cents.sum(props.view.fundings.filter((x) => x.id !== f.id && x.status === 'obtained').map((x) => x.obtainedCents ?? Cents.zero));
  const ceiling = contributionCeiling(props.view.project.estimatedCostCents, others);
  const e = props.error;
  const field = (name: string, label: string, value: string, extra: Record<string, unknown> = {}) => <Field id={`${id}-${name}`} name={name} label={label} value={value} error={e} {...extra} />;
  return (
    <article class="funding" id={id} aria-labelledby={`${id}-titre`}>
      <h3 id={`${id}-titre`}>
        <a href={`${props.base}/aides/${f.scheme.id}?pour=${props.commune.id}`}>{f.scheme.name}</a>
      </h3>
      <p>{fundingStatusText(f)}</p>
      {f.epciDeliberation && f.communeDeliberation ? (
        <p class="hint">{`Délibérations concordantes : ${f.epciDeliberation.body}, ${f.epciDeliberation.reference} du ${f.epciDeliberation.date.split('-').reverse().join('/')} ; ${f.communeDeliberation.body}, ${f.communeDeliberation.reference} du ${f.communeDeliberation.date.split('-').reverse().join('/')}.`}</p>
      ) : null}
      {f.scheme.fundingContribution ? <p class="hint">{`Fonds de concours : au plus ${formatCents(ceiling)}, la moitié du coût restant après les autres subventions obtenues (la commune en finance au moins autant ; CGCT L5215-26, L5216-5, L5214-16).`}</p> : null}
      {f.note ? <p class="pre-line">{f.note}</p> : null}
      {props.canEdit ? (
        <details open={e ? true : undefined}>
          <summary>
            Mettre à jour la demande<span class="visually-hidden">{` : ${f.scheme.name}`}</span>
          </summary>
          <form method="post" action={`${props.base}/communes/${props.commune.inseeCode}/projets/${props.view.project.id}/aides/${f.id}`} class="stacked narrow">
            <CsrfField />
            <FormAlert error={e} fields={['status', 'requested', 'obtainedCents', 'decidedOn', 'note', 'epciBody', 'epciDate', 'epciReference', 'communeBody', 'communeDate', 'communeReference']} />
            <Field id={`${id}-status`} name="status" label="État de la demande" error={e}>
              <select id={`${id}-status`} name="status">
                <Options values={FUNDING_STATUSES} labels={FUNDING_STATUS_LABELS} selected={f.status} />
              </select>
            </Field>
            {field('requested', 'Montant demandé (euros)', f.requestedCents === null ? '' : String(f.requestedCents / 100).replace('.', ','), { inputmode: 'decimal' })}
            <Field id={`${id}-obtained`} name="obtained" label="Montant obtenu (euros)" value={f.obtainedCents === null ? '' : String(f.obtainedCents / 100).replace('.', ',')} inputmode="decimal" error={e ? { ...e, field: e.field === 'obtainedCents' ? 'obtained' : e.field } : null} />
            {f.scheme.fundingContribution ? (
              props.canGrant ? (
                <fieldset>
                  <legend>Délibérations concordantes (obligatoires pour l’attribution)</legend>
                  {field('epciBody', 'Instance de l’EPCI', f.epciDeliberation?.body ?? 'Conseil métropolitain')}
                  {field('epciDate', 'Date de la délibération de l’EPCI', f.epciDeliberation?.date ?? '', { type: 'date' })}
                  {field('epciReference', 'Référence de la délibération de l’EPCI', f.epciDeliberation?.reference ?? '')}
                  {field('communeBody', 'Instance de la commune', f.communeDeliberation?.body ?? `Conseil municipal de ${props.commune.name}`)}
                  {field('communeDate', 'Date de la délibération de la commune', f.communeDeliberation?.date ?? '', { type: 'date' })}
                  {field('communeReference', 'Référence de la délibération de la commune', f.communeDeliberation?.reference ?? '')}
                </fieldset>
              ) : (
                <p class="hint">L’attribution du fonds de concours est enregistrée par la mission mutualisation ou les finances de l’EPCI.</p>
              )
            ) : (
              field('decidedOn', 'Date de la décision', f.decidedOn?.value ?? '', { hint: 'Une année (2018), un mois (2019-04) ou une date (2019-04-12).' })
            )}
            <Field id={`${id}-note`} name="note" label="Note" error={e}>
              <textarea id={`${id}-note`} name="note" rows={2}>
                {f.note ?? ''}
              </textarea>
            </Field>
            <button type="submit">Enregistrer</button>
          </form>
        </details>
      ) : null}
    </article>
  );
}
