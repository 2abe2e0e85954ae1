import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage, type Here } from '../access/guard.tsx';
import { Breadcrumb } from '../platform/http/layout.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../platform/http/forms.tsx';
import { parisToday } from '../platform/clock.ts';
import { formatCents, formatDate } from '../platform/format.ts';
import type { Collectivity } from '../territory/model.ts';
import { formatCriteriaText } from './criteria-text.ts';
import { criteriaOf, queryOf, SearchQuery } from './http.ts';
import {
  AID_TYPE_LABELS,
  AID_TYPES,
  AUDIENCE_LABELS,
  FUNDER_LEVEL_LABELS,
  FUNDER_LEVELS,
  formatRate,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
  PROJECT_TYPES,
  SCHEME_STATUS_LABELS,
  SPENDING_KIND_LABELS,
  SPENDING_KINDS,
  THEME_LABELS,
  THEMES,
  type FundingScheme,
  type SearchCriteria,
} from './model.ts';
import { beneficiaryText, deadlineText, EligibilityBadge, Fact, Options, ProjectTypeOptions, Reasons, recurrenceText, SchemeMeta } from './pages-parts.tsx';
import * as aids from './service.ts';
import type { ProjectView, SearchAnswer, SearchResult } from './service.ts';

export const ownCommuneOf = (h: Here) => h.roles.find((r) => r.role === 'commune')?.collectivityId ?? null;

/** Search (project first, then filters), the aid page, saving a search. */
export function aidSearchPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Aides financières', path: '/aides', action: 'aid.read' });
  addNav({ label: 'Alertes', path: '/alertes', action: 'aid.read' });

  const showSearch = async (request: FastifyRequest, reply: FastifyReply, query: SearchQuery, saveError: FormError | null = null, saveName = '') => {
    const h = here(request);
    const own = ownCommuneOf(h);
    const beneficiaryId = query.pour ?? (await aids.defaultBeneficiaryId(db, h.ctx, own));
    const criteria = criteriaOf(query, beneficiaryId);
    const [list, answer, unread] = [await aids.beneficiaries(db, h.ctx), await aids.searchAids(db, h.ctx, criteria, parisToday(), query.plus === '1'), await aids.unreadCount(db, h.ctx)];
    const ownCommune = own ? list.find((c) => c.id === own) : undefined;
    return sendTerritoryPage(
      request,
      reply,
      saveError ? 'Erreur : Aides financières' : 'Aides financières',
      <SearchPage base={h.base} list={list} criteria={criteria} answer={answer} unread={unread} ownCommune={ownCommune ?? null} saveError={saveError} saveName={saveName} />,
      saveError ? 400 : 200,
    );
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/aides', { config: { access: 'aid.read' }, schema: { hide: true, querystring: SearchQuery } }, async (request, reply) => {
      here(request).require('aid.read');
      return showSearch(request, reply, request.query);
    });

    t.post(
      '/aides/recherches',
      { config: { access: 'aid.read' }, schema: { hide: true, querystring: SearchQuery, body: Type.Object({ name: Type.Optional(Type.String({ maxLength: 300 })), _csrf: Type.Optional(Type.String()) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('aid.read');
        const beneficiaryId = request.query.pour ?? (await aids.defaultBeneficiaryId(db, h.ctx, ownCommuneOf(h)));
        try {
          await aids.saveSearch(db, h.ctx, request.body.name ?? '', criteriaOf(request.query, beneficiaryId), parisToday());
        } catch (error) {
          return showSearch(request, reply, request.query, formErrorOf(error), request.body.name ?? '');
        }
        return reply.redirect(`${h.base}/alertes?enregistree=1`, 303);
      },
    );

    t.get(
      '/aides/:schemeId',
      { config: { access: 'aid.read' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), schemeId: Type.String({ maxLength: 40 }) }), querystring: Type.Object({ pour: Type.Optional(Type.String({ format: 'uuid' })), ciblee: Type.Optional(Type.Literal('1')) }) } },
      async (request, reply) => {
        const h = here(request);
        h.require('aid.read');
        const scheme = await aids.schemeDetail(db, h.ctx, request.params.schemeId, h.can('aid.manage'));
        const own = ownCommuneOf(h);
        const forId = request.query.pour ?? (await aids.defaultBeneficiaryId(db, h.ctx, own));
        const [list, eligibility] = [await aids.beneficiaries(db, h.ctx), await aids.schemeEligibility(db, h.ctx, scheme, forId, parisToday())];
        const projects = own && h.can('project.edit', { collectivityId: own }) ? await aids.projectsOf(db, h.ctx, own) : [];
        const ownInsee = own ? (list.find((c) => c.id === own)?.inseeCode ?? null) : null;
        return sendTerritoryPage(
          request,
          reply,
          scheme.name,
          <AidPage base={h.base} scheme={scheme} list={list} forId={forId} eligibility={eligibility} canManage={h.can('aid.manage')} projects={projects} ownInsee={ownInsee} targeted={request.query.ciblee === '1'} />,
        );
      },
    );
  });
}

function SearchPage(props: { base: string; list: Collectivity[]; criteria: SearchCriteria; answer: SearchAnswer; unread: number; ownCommune: Collectivity | null; saveError: FormError | null; saveName: string }) {
  const { criteria: c, answer: a } = props;
  const qs = queryOf(c);
  return (
    <section>
      <h1>Aides financières</h1>
      <p class="lead">Les dispositifs nationaux, régionaux, départementaux et ceux de la Métropole que votre collectivité peut solliciter, selon la typologie du projet et la démographie de la commune.</p>
      {props.unread > 0 ? (
        <p class="notice">
          <a href={`${props.base}/alertes`}>{props.unread === 1 ? '1 nouvelle aide répond à vos recherches enregistrées' : `${props.unread} nouvelles aides répondent à vos recherches enregistrées`}</a>
        </p>
      ) : null}
      {props.ownCommune ? (
        <p>
          <a href={`${props.base}/communes/${props.ownCommune.inseeCode}/projets`}>{`Les projets de ${props.ownCommune.name} et leurs financements`}</a>
        </p>
      ) : null}
      <form method="get" action={`${props.base}/aides`} class="aid-search" role="search" aria-label="Rechercher une aide">
        <fieldset>
          <legend>Votre projet</legend>
          <div class="grid">
            <Field id="pour" name="pour" label="Pour la collectivité">
              <select id="pour" name="pour">
                {props.list.map((x) => (
                  <option value={x.id} selected={x.id === c.beneficiaryId}>
                    {x.kind === 'commune' ? `${x.name} (${x.inseeCode})` : x.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="type" name="type" label="Typologie du projet">
              <select id="type" name="type">
                <ProjectTypeOptions selected={c.projectType} blank="Toutes les typologies" />
              </select>
            </Field>
            <Field id="etape" name="etape" label="Étape du projet">
              <select id="etape" name="etape">
                <Options values={PROJECT_STAGES} labels={PROJECT_STAGE_LABELS} selected={c.stage} blank="Toutes les étapes" />
              </select>
            </Field>
            <Field id="depenses" name="depenses" label="Nature des dépenses">
              <select id="depenses" name="depenses">
                <Options values={SPENDING_KINDS} labels={SPENDING_KIND_LABELS} selected={c.spendingKind} blank="Fonctionnement ou investissement" />
              </select>
            </Field>
          </div>
          <Field id="q" name="q" label="Mots-clés" hint="Par exemple : rénovation énergétique de l’école, voirie, église. Accents et pluriels indifférents." type="search" value={c.text ?? ''} />
        </fieldset>
        <details open={Boolean(c.levels?.length || c.aidTypes?.length || c.theme || c.deadlineBefore) || undefined}>
          <summary>Filtres : financeur, type d’aide, thème, date limite</summary>
          <div class="grid">
            <fieldset>
              <legend>Niveau du financeur</legend>
              {FUNDER_LEVELS.map((l) => (
                <label class="check">
                  <input type="checkbox" name="niveau" value={l} checked={c.levels?.includes(l)} /> {FUNDER_LEVEL_LABELS[l]}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>Type d’aide</legend>
              {AID_TYPES.map((t) => (
                <label class="check">
                  <input type="checkbox" name="typeAide" value={t} checked={c.aidTypes?.includes(t)} /> {AID_TYPE_LABELS[t]}
                </label>
              ))}
            </fieldset>
            <div>
              <Field id="theme" name="theme" label="Thème">
                <select id="theme" name="theme">
                  <Options values={THEMES} labels={THEME_LABELS} selected={c.theme} blank="Tous les thèmes" />
                </select>
              </Field>
              <Field id="avant" name="avant" label="Dépôt au plus tard le" type="date" value={c.deadlineBefore ?? ''} hint="Seulement les aides dont la date limite tombe avant." />
            </div>
          </div>
        </details>
        <button type="submit">Rechercher</button>
      </form>

      <h2 id="resultats">Résultats</h2>
      <p class="beneficiary">{beneficiaryText(a.beneficiary)}</p>
      <p role="status" class="counts">
        {`${plural(a.counts.eligible, 'aide éligible', 'aides éligibles')}, ${plural(a.counts.unknown, 'à vérifier', 'à vérifier')}, ${plural(a.counts.ineligible, 'non éligible', 'non éligibles')}.`}
      </p>
      {a.results.length === 0 ? <p>Aucune aide ouverte ne correspond : élargissez la recherche (typologie, mots-clés ou filtres).</p> : <ResultList base={props.base} results={a.results} beneficiaryId={c.beneficiaryId} />}
      {a.counts.eligible + a.counts.unknown > a.results.length || a.counts.ineligible > a.ineligible.length ? (
        <p class="hint">
          {`Les ${a.results.length} premières aides sont affichées. `}
          <a href={`${props.base}/aides?${qs}&plus=1#resultats`}>Afficher jusqu’à 200 aides</a>
        </p>
      ) : null}
      {a.ineligible.length > 0 ? (
        <details class="ineligible">
          <summary>{`Aides non éligibles pour ${a.beneficiary.name} (${a.counts.ineligible}), avec la raison`}</summary>
          <ResultList base={props.base} results={a.ineligible} beneficiaryId={c.beneficiaryId} />
        </details>
      ) : null}

      <h2 id="enregistrer">Être alerté</h2>
      <p>Enregistrez cette recherche : chaque aide nouvelle ou modifiée qui y répond apparaîtra dans vos alertes.</p>
      <form method="post" action={`${props.base}/aides/recherches?${qs}`} class="inline" aria-labelledby="enregistrer">
        <CsrfField />
        <FormAlert error={props.saveError} fields={['name']} />
        <Field id="save-name" name="name" label="Nom de la recherche" required value={props.saveName || defaultName(c, a)} error={props.saveError} autofocus={props.saveError ? true : undefined} />
        <button type="submit">Enregistrer la recherche</button>
      </form>
    </section>
  );
}

function defaultName(c: SearchCriteria, a: SearchAnswer): string {
  const what = c.projectType ? PROJECT_TYPES[c.projectType].label : c.text ? `« ${c.text} »` : 'toutes les aides';
  return `${a.beneficiary.name} : ${what}`.slice(0, 120);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n < 2 ? one : many}`;
}

function ResultList(props: { base: string; results: readonly SearchResult[]; beneficiaryId: string }) {
  return (
    <ol class="results">
      {props.results.map((r) => (
        <li class={`result result-${r.eligibility.status}`}>
          <h3>
            <a href={`${props.base}/aides/${r.scheme.id}?pour=${props.beneficiaryId}`}>{r.scheme.name}</a> <EligibilityBadge result={r.eligibility} />
          </h3>
          <SchemeMeta scheme={r.scheme} />
          <Reasons result={r.eligibility} />
        </li>
      ))}
    </ol>
  );
}

function AidPage(props: {
  base: string;
  scheme: FundingScheme;
  list: Collectivity[];
  forId: string;
  eligibility: Awaited<ReturnType<typeof aids.schemeEligibility>>;
  canManage: boolean;
  projects: ProjectView[];
  ownInsee: string | null;
  targeted: boolean;
}) {
  const s = props.scheme;
  const { beneficiary, result } = props.eligibility;
  const rate = formatRate(s.rateMin, s.rateMax);
  const criteria = formatCriteriaText(s.eligibility.groups).split('\n').filter(Boolean);
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/aides?pour=${props.forId}`, label: 'Aides financières' }]} />
      <h1>{s.name}</h1>
      {s.status !== 'published' ? <p class="notice">{`Statut : ${SCHEME_STATUS_LABELS[s.status]}. Cette aide n’apparaît pas dans la recherche.`}</p> : null}
      {props.targeted ? (
        <p class="notice" role="status">
          L’aide est ajoutée au projet.
        </p>
      ) : null}
      <SchemeMeta scheme={s} />
      {props.canManage ? (
        <p>
          <a href={`${props.base}/aides/${s.id}/modifier`}>Modifier cette aide</a>
        </p>
      ) : null}
      <div class="eligibility">
        <h2>
          {`Pour ${beneficiary.name} : `}
          <EligibilityBadge result={result} />
        </h2>
        <p class="beneficiary">{beneficiaryText(beneficiary)}</p>
        <Reasons result={result} />
        <form method="get" action={`${props.base}/aides/${s.id}`} class="inline">
          <Field id="pour" name="pour" label="Voir pour une autre collectivité">
            <select id="pour" name="pour">
              {props.list.map((x) => (
                <option value={x.id} selected={x.id === props.forId}>
                  {x.name}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit">Voir</button>
        </form>
      </div>
      <h2>Description</h2>
      <p class="prose pre-line">{s.description}</p>
      <h2>Caractéristiques</h2>
      <dl class="details">
        <Fact term="Financeurs">{s.funders.join(', ')}</Fact>
        <Fact term="Instructeurs" when={s.instructors.length > 0}>
          {s.instructors.join(', ')}
        </Fact>
        <Fact term="Niveau">{FUNDER_LEVEL_LABELS[s.level]}</Fact>
        <Fact term="Périmètre">{s.perimeter.name}</Fact>
        <Fact term="Bénéficiaires">{s.audiences.map((x) => AUDIENCE_LABELS[x]).join(', ')}</Fact>
        <Fact term="Types d’aide">{s.aidTypes.map((x) => AID_TYPE_LABELS[x]).join(', ')}</Fact>
        <Fact term="Typologies de projet">{s.projectTypes.length ? s.projectTypes.map((x) => PROJECT_TYPES[x].label).join(', ') : 'toutes'}</Fact>
        <Fact term="Étapes du projet">{s.stages.length ? s.stages.map((x) => PROJECT_STAGE_LABELS[x]).join(', ') : 'toutes'}</Fact>
        <Fact term="Dépenses">{s.spendingKinds.length ? s.spendingKinds.map((x) => SPENDING_KIND_LABELS[x]).join(', ') : 'fonctionnement et investissement'}</Fact>
        <Fact term="Taux de subvention" when={rate !== null}>
          {rate}
        </Fact>
        <Fact term="Plafond de l’aide" when={s.maxAidCents !== null}>
          {s.maxAidCents === null ? '' : formatCents(s.maxAidCents)}
        </Fact>
        <Fact term="Dépense minimale" when={s.minCostCents !== null}>
          {s.minCostCents === null ? '' : formatCents(s.minCostCents)}
        </Fact>
        <Fact term="Critères d’éligibilité">
          {criteria.length === 0 ? (
            'aucun critère de population, de densité ou de potentiel financier'
          ) : (
            <ul class="plain">
              {criteria.map((line, i) => (
                <li>{criteria.length > 1 ? `cas ${i + 1} : ${line}` : line}</li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact term="Condition à vérifier" when={s.eligibility.condition !== null}>
          {s.eligibility.condition}
        </Fact>
        <Fact term="Ouverture" when={s.startDate !== null}>
          {s.startDate ? formatDate(s.startDate) : ''}
        </Fact>
        <Fact term="Date limite">{deadlineText(s)}</Fact>
        <Fact term="Récurrence">{recurrenceText(s)}</Fact>
        <Fact term="Appel à projets">{s.callForProjects ? 'oui' : 'non'}</Fact>
        <Fact term="Contact" when={s.contact !== null}>
          <span class="pre-line">{s.contact}</span>
        </Fact>
        <Fact term="Liens" when={s.originUrl !== null || s.applicationUrl !== null}>
          {s.originUrl ? <a href={s.originUrl}>Présentation du dispositif</a> : null}
          {s.originUrl && s.applicationUrl ? ' · ' : null}
          {s.applicationUrl ? <a href={s.applicationUrl}>Déposer une demande</a> : null}
        </Fact>
      </dl>
      {props.ownInsee && props.projects.length > 0 ? (
        <>
          <h2>Ajouter à un projet</h2>
          <ul class="plain">
            {props.projects.map((p) =>
              p.fundings.some((f) => f.schemeId === s.id) ? (
                <li>{`« ${p.project.title} » cible déjà cette aide.`}</li>
              ) : (
                <li>
                  <form method="post" action={`${props.base}/communes/${props.ownInsee}/projets/${p.project.id}/aides`} class="inline-action">
                    <CsrfField />
                    <input type="hidden" name="schemeId" value={s.id} />
                    <input type="hidden" name="retour" value="aide" />
                    <button type="submit" class="secondary">{`Cibler cette aide pour « ${p.project.title} »`}</button>
                  </form>
                </li>
              ),
            )}
          </ul>
        </>
      ) : null}
    </section>
  );
}
