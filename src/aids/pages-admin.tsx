import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { addNav, here, inTerritory, sendTerritoryPage } from '../access/guard.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { CsrfField, Field, FormAlert, formErrorOf, type FormError } from '../platform/http/forms.tsx';
import { UserError } from '../platform/http/errors.ts';
import { ImportError, describeProblems } from '../platform/imports.ts';
import { parisToday } from '../platform/clock.ts';
import { formatDate } from '../platform/format.ts';
import { fileSlug, sendDocument } from '../platform/documents/http.ts';
import { formatCriteriaText } from './criteria-text.ts';
import {
  AID_TYPE_LABELS,
  AID_TYPES,
  AUDIENCE_LABELS,
  AUDIENCES,
  FUNDER_LEVEL_LABELS,
  FUNDER_LEVELS,
  isPastDeadline,
  PERIMETER_SCALES,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
  PROJECT_TYPE_CODES,
  PROJECT_TYPES,
  RECURRENCE_LABELS,
  RECURRENCES,
  SCHEME_STATUS_LABELS,
  SCHEME_STATUSES,
  SPENDING_KIND_LABELS,
  SPENDING_KINDS,
  THEME_LABELS,
  THEMES,
  type FundingScheme,
} from './model.ts';
import type { RawScheme } from './scheme-input.ts';
import { SchemeError } from './service.ts';
import { Options } from './pages-parts.tsx';
import * as aids from './service.ts';

const PERIMETER_LABELS: Record<(typeof PERIMETER_SCALES)[number], string> = { europe: 'Union européenne', france: 'France', region: 'Une région (code INSEE)', department: 'Un département (code INSEE)', territory: 'Le territoire de l’EPCI' };
const List = Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 40 })]));
const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

/** The form's body: every field optional here, checked by the service with a French message naming it. */
const SchemeForm = Type.Object({
  name: Text(300),
  shortTitle: Text(200),
  description: Text(20_000),
  funders: Text(3000),
  instructors: Text(3000),
  level: Text(40),
  perimeterScale: Text(40),
  perimeterCode: Text(10),
  audiences: List,
  aidTypes: List,
  projectTypes: List,
  keywords: Text(2000),
  stages: List,
  spendingKinds: List,
  rateMin: Text(10),
  rateMax: Text(10),
  maxAid: Text(30),
  minCost: Text(30),
  criteria: Text(2000),
  condition: Text(3000),
  startDate: Text(20),
  deadline: Text(20),
  recurrence: Text(20),
  callForProjects: Text(5),
  originUrl: Text(600),
  applicationUrl: Text(600),
  contact: Text(3000),
  status: Text(20),
  fundingContribution: Text(5),
  _csrf: Text(200),
});
type SchemeFormBody = { [K in keyof typeof SchemeForm.static]?: string | string[] | undefined };

const arr = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const lines = (v: string | string[] | undefined) => arr(v).flatMap((x) => x.split(/\r?\n/)).map((x) => x.trim()).filter(Boolean);
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function rawOf(b: SchemeFormBody): RawScheme {
  return {
    name: one(b.name),
    shortTitle: one(b.shortTitle) ?? null,
    description: one(b.description),
    funders: lines(b.funders),
    instructors: lines(b.instructors),
    level: one(b.level),
    perimeterScale: one(b.perimeterScale),
    perimeterCode: one(b.perimeterCode) ?? null,
    audiences: arr(b.audiences),
    aidTypes: arr(b.aidTypes),
    projectTypes: arr(b.projectTypes),
    keywords: arr(b.keywords).flatMap((k) => k.split(',')),
    stages: arr(b.stages),
    spendingKinds: arr(b.spendingKinds),
    rateMin: one(b.rateMin) ?? null,
    rateMax: one(b.rateMax) ?? null,
    maxAid: one(b.maxAid) ?? null,
    minCost: one(b.minCost) ?? null,
    criteria: one(b.criteria) ?? null,
    condition: one(b.condition) ?? null,
    startDate: one(b.startDate) ?? null,
    deadline: one(b.deadline) ?? null,
    recurrence: one(b.recurrence),
    callForProjects: one(b.callForProjects) === 'oui',
    originUrl: one(b.originUrl) ?? null,
    applicationUrl: one(b.applicationUrl) ?? null,
    contact: one(b.contact) ?? null,
    status: one(b.status),
    fundingContribution: one(b.fundingContribution) === 'oui',
  };
}

/** The form's values for an existing scheme. */
function formOf(s: FundingScheme): SchemeFormBody {
  const euros = (c: number | null) => (c === null ? '' : (c % 100 === 0 ? String(c / 100) : (c / 100).toFixed(2)).replace('.', ','));
  return {
    name: s.name,
    shortTitle: s.shortTitle ?? '',
    description: s.description,
    funders: s.funders.join('\n'),
    instructors: s.instructors.join('\n'),
    level: s.level,
    perimeterScale: s.perimeter.scale,
    perimeterCode: s.perimeter.code ?? '',
    audiences: [...s.audiences],
    aidTypes: [...s.aidTypes],
    projectTypes: [...s.projectTypes],
    keywords: s.keywords.join(', '),
    stages: [...s.stages],
    spendingKinds: [...s.spendingKinds],
    rateMin: s.rateMin?.replace('.', ',') ?? '',
    rateMax: s.rateMax?.replace('.', ',') ?? '',
    maxAid: euros(s.maxAidCents),
    minCost: euros(s.minCostCents),
    criteria: formatCriteriaText(s.eligibility.groups),
    condition: s.eligibility.condition ?? '',
    startDate: s.startDate ?? '',
    deadline: s.deadline ?? '',
    recurrence: s.recurrence,
    callForProjects: s.callForProjects ? 'oui' : '',
    originUrl: s.originUrl ?? '',
    applicationUrl: s.applicationUrl ?? '',
    contact: s.contact ?? '',
    status: s.status,
    fundingContribution: s.fundingContribution ? 'oui' : '',
  };
}

async function uploaded(request: FastifyRequest): Promise<Uint8Array> {
  const file = (request.body as Record<string, unknown> | undefined)?.fichier as MultipartFile | undefined;
  if (!request.isMultipart() || !file || typeof file.toBuffer !== 'function' || !file.filename) throw new UserError('Choisissez un fichier à importer.', 400, 'fichier');
  return new Uint8Array(await file.toBuffer());
}

/** The pooling team's administration of the guide: list, form, imports, exports. */
export function aidAdminPages(app: App, deps: ServerDeps): void {
  const { db } = deps;
  addNav({ label: 'Gestion des aides', path: '/aides/gestion', action: 'aid.manage' });

  const showAdmin = async (request: FastifyRequest, reply: FastifyReply, notice: string | null = null, error: FormError | null = null, form = '') => {
    const h = here(request);
    const schemes = await aids.listSchemes(db, h.ctx);
    return sendTerritoryPage(request, reply, `${error ? 'Erreur : ' : ''}Gestion des aides`, <AdminPage base={h.base} schemes={schemes} today={parisToday()} notice={notice} error={error} form={form} />, error ? (error.field === 'fichier' ? 422 : 400) : 200);
  };

  const showForm = async (request: FastifyRequest, reply: FastifyReply, values: SchemeFormBody, scheme: FundingScheme | null, error: { message: string; field?: string | undefined; problems?: readonly { field: string; message: string }[] } | null = null) => {
    const h = here(request);
    const title = scheme ? `Modifier : ${scheme.name}` : 'Nouvelle aide';
    return sendTerritoryPage(request, reply, `${error ? 'Erreur : ' : ''}${title}`, <SchemeFormPage base={h.base} title={title} values={values} scheme={scheme} error={error} />, error ? (error.problems ? 400 : 409) : 200);
  };

  const save = async (request: FastifyRequest<{ Body: SchemeFormBody }>, reply: FastifyReply, id: string | null) => {
    const h = here(request);
    h.require('aid.manage');
    let saved: FundingScheme;
    try {
      saved = id ? await aids.updateScheme(db, h.ctx, id, rawOf(request.body), parisToday()) : await aids.createScheme(db, h.ctx, rawOf(request.body), parisToday());
    } catch (error) {
      if (error instanceof SchemeError) return showForm(request, reply, request.body, id ? await aids.schemeDetail(db, h.ctx, id, true) : null, { message: error.message, field: error.field, problems: error.problems });
      if (error instanceof UserError && error.status === 409) return showForm(request, reply, request.body, id ? await aids.schemeDetail(db, h.ctx, id, true) : null, { message: error.message, field: error.field });
      throw error;
    }
    return reply.redirect(`${h.base}/aides/${saved.id}`, 303);
  };

  inTerritory(app, deps, '/t/:siren', (t) => {
    t.get('/aides/gestion', { config: { access: 'aid.manage' }, schema: { hide: true } }, async (request, reply) => {
      here(request).require('aid.manage');
      return showAdmin(request, reply);
    });

    t.get('/aides/nouvelle', { config: { access: 'aid.manage' }, schema: { hide: true } }, async (request, reply) => {
      here(request).require('aid.manage');
      return showForm(request, reply, { level: 'intercommunal', perimeterScale: 'territory', audiences: ['commune'], aidTypes: ['grant'], recurrence: 'ongoing', status: 'draft' }, null);
    });

    t.post('/aides', { config: { access: 'aid.manage' }, schema: { hide: true, body: SchemeForm } }, (request, reply) => save(request as FastifyRequest<{ Body: SchemeFormBody }>, reply, null));

    t.get('/aides/:schemeId/modifier', { config: { access: 'aid.manage' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), schemeId: Type.String({ maxLength: 40 }) }) } }, async (request, reply) => {
      const h = here(request);
      h.require('aid.manage');
      const scheme = await aids.schemeDetail(db, h.ctx, request.params.schemeId, true);
      return showForm(request, reply, formOf(scheme), scheme);
    });

    t.post('/aides/:schemeId', { config: { access: 'aid.manage' }, schema: { hide: true, params: Type.Object({ siren: Type.String(), schemeId: Type.String({ maxLength: 40 }) }), body: SchemeForm } }, (request, reply) =>
      save(request as unknown as FastifyRequest<{ Body: SchemeFormBody }>, reply, (request.params as { schemeId: string }).schemeId),
    );

    t.post('/aides/import', { config: { access: 'aid.manage' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('aid.manage');
      try {
        const r = await aids.importSchemes(db, h.ctx, await uploaded(request), parisToday());
        return showAdmin(request, reply, `Import réussi : ${r.created} aide(s) créée(s), ${r.updated} mise(s) à jour (doublons reconnus), dont ${r.expired} échue(s) marquée(s) comme telles.`, null, 'import');
      } catch (error) {
        if (error instanceof ImportError) return showAdmin(request, reply, null, { message: `Import refusé, rien n'a été enregistré.\n${describeProblems(error.problems.slice(0, 50)).join('\n')}`, field: 'fichier' }, 'import');
        return showAdmin(request, reply, null, { ...formErrorOf(error), field: 'fichier' }, 'import');
      }
    });

    t.post('/aides/donnees-communes', { config: { access: 'aid.manage' }, schema: { hide: true } }, async (request, reply) => {
      const h = here(request);
      h.require('aid.manage');
      try {
        const r = await aids.importCommuneFacts(db, h.ctx, await uploaded(request), parisToday());
        return showAdmin(request, reply, `Import réussi : ${r.densities} niveau(x) de densité, ${r.fiscalPotentials} potentiel(s) financier(s).`, null, 'faits');
      } catch (error) {
        if (error instanceof ImportError) return showAdmin(request, reply, null, { message: `Import refusé, rien n'a été enregistré.\n${describeProblems(error.problems.slice(0, 50)).join('\n')}`, field: 'fichier' }, 'faits');
        return showAdmin(request, reply, null, { ...formErrorOf(error), field: 'fichier' }, 'faits');
      }
    });

    t.post('/aides/echues', { config: { access: 'aid.manage' }, schema: { hide: true, body: Type.Object({ _csrf: Text(200) }) } }, async (request, reply) => {
      const h = here(request);
      h.require('aid.manage');
      const n = await aids.markExpiredSchemes(db, h.ctx, parisToday());
      return showAdmin(request, reply, n === 0 ? 'Aucune aide publiée n’a dépassé sa date limite.' : `${n} aide(s) marquée(s) comme échue(s).`);
    });

    for (const type of ['csv', 'xlsx', 'json'] as const) {
      t.get(`/aides.${type}`, { config: { access: 'aid.read' }, schema: { hide: true } }, async (request, reply) => {
        const h = here(request);
        h.require('aid.read');
        const today = parisToday();
        const bytes = await aids.exportSchemes(db, h.ctx, type, h.base, today);
        const filename = `aides-${fileSlug(h.territory.name)}-${today}.${type}`;
        if (type === 'json') return reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'private, no-store').send(Buffer.from(bytes));
        return sendDocument(reply, { filename, type, bytes });
      });
    }
  });
}

function AdminPage(props: { base: string; schemes: FundingScheme[]; today: string; notice: string | null; error: FormError | null; form: string }) {
  const past = props.schemes.filter((s) => s.status === 'published' && isPastDeadline(s, props.today)).length;
  const fileError = (form: string) => (props.form === form ? props.error : null);
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/aides`, label: 'Aides financières' }]} />
      <h1>Gestion des aides</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <p>
        <a href={`${props.base}/aides/nouvelle`}>Ajouter une aide</a> · Exporter (aides publiées et échues) : <a href={`${props.base}/aides.csv`}>CSV</a>, <a href={`${props.base}/aides.xlsx`}>tableur (XLSX)</a>, <a href={`${props.base}/aides.json`}>JSON Aides-territoires</a>
      </p>
      {past > 0 ? (
        <form method="post" action={`${props.base}/aides/echues`} class="inline">
          <CsrfField />
          <p>{`${past} aide(s) publiée(s) ont dépassé leur date limite : elles n’apparaissent plus dans la recherche.`}</p>
          <button type="submit" class="secondary">
            Les marquer comme échues
          </button>
        </form>
      ) : null}
      <ScrollRegion label="Aides du guide">
        <table>
          <caption>{`${props.schemes.length} aides dans le guide`}</caption>
          <thead>
            <tr>
              <th scope="col">Aide</th>
              <th scope="col">Financeurs</th>
              <th scope="col">Niveau</th>
              <th scope="col">Date limite</th>
              <th scope="col">Statut</th>
            </tr>
          </thead>
          <tbody>
            {props.schemes.map((s) => (
              <tr>
                <td>
                  <a href={`${props.base}/aides/${s.id}`}>{s.name}</a>
                </td>
                <td>{s.funders.join(', ')}</td>
                <td>{FUNDER_LEVEL_LABELS[s.level]}</td>
                <td>{s.recurrence === 'ongoing' ? 'permanente' : s.deadline ? formatDate(s.deadline) : '—'}</td>
                <td>{s.status === 'published' && isPastDeadline(s, props.today) ? 'Publiée, date limite dépassée' : SCHEME_STATUS_LABELS[s.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h2 id="import">Importer des aides</h2>
      <p>
        Un tableur CSV ou XLSX avec les colonnes de l’export (<code>nom</code>, <code>description</code>, <code>financeurs</code>, <code>niveau</code>, <code>beneficiaires</code>, <code>types_aide</code> obligatoires ; listes séparées par « | »), ou un fichier JSON au format de l’API Aides-territoires. Tout ou rien : au moindre défaut, rien n’est enregistré et chaque erreur est indiquée avec sa ligne (pour un JSON, le rang de l’aide) et sa colonne. Une aide déjà présente (même identifiant, ou même nom et même financeur) est mise à jour ; une aide dont la date limite est passée est marquée échue.
      </p>
      <form method="post" action={`${props.base}/aides/import`} enctype="multipart/form-data" class="stacked narrow" aria-labelledby="import">
        <CsrfField />
        <Field id="fichier-aides" name="fichier" label="Fichier d’aides (CSV, XLSX ou JSON)" type="file" accept=".csv,.xlsx,.json,text/csv,application/json" required error={fileError('import')} />
        <button type="submit">Importer les aides</button>
      </form>
      <h2 id="faits">Données des communes pour les critères</h2>
      <p>
        Colonnes <code>code_insee</code>, <code>annee</code>, et <code>niveau_densite</code> (grille communale de densité de l’INSEE, 1 à 7 : 1 à 4 urbain, 5 à 7 rural) et/ou <code>potentiel_financier</code> (euros par habitant, fiche DGF). Tout ou rien.
      </p>
      <form method="post" action={`${props.base}/aides/donnees-communes`} enctype="multipart/form-data" class="stacked narrow" aria-labelledby="faits">
        <CsrfField />
        <Field id="fichier-faits" name="fichier" label="Fichier des communes (CSV ou XLSX)" type="file" accept=".csv,.xlsx,text/csv" required error={fileError('faits')} />
        <button type="submit">Importer les données</button>
      </form>
    </section>
  );
}

const FORM_FIELDS = ['name', 'shortTitle', 'description', 'funders', 'instructors', 'level', 'perimeterScale', 'perimeterCode', 'audiences', 'aidTypes', 'projectTypes', 'keywords', 'stages', 'spendingKinds', 'rateMin', 'rateMax', 'maxAid', 'minCost', 'criteria', 'condition', 'startDate', 'deadline', 'recurrence', 'status', 'originUrl', 'applicationUrl', 'contact'];

function SchemeFormPage(props: { base: string; title: string; values: SchemeFormBody; scheme: FundingScheme | null; error: { message: string; field?: string | undefined; problems?: readonly { field: string; message: string }[] } | null }) {
  const v = props.values;
  const problems = props.error?.problems ?? (props.error ? [{ field: props.error.field ?? '', message: props.error.message }] : []);
  const errorFor = (field: string): FormError | null => {
    const p = problems.find((x) => x.field === field);
    return p ? { field, message: p.message } : null;
  };
  const first = problems[0]?.field;
  const text = (name: keyof SchemeFormBody, label: string, extra: Record<string, unknown> = {}) => (
    <Field id={name} name={name} label={label} value={one(v[name]) ?? ''} error={errorFor(name)} autofocus={first === name || undefined} {...extra} />
  );
  const area = (name: keyof SchemeFormBody, label: string, rows: number, hint?: string) => (
    <Field id={name} name={name} label={label} error={errorFor(name)} {...(hint ? { hint } : {})}>
      <textarea id={name} name={name} rows={rows} aria-invalid={errorFor(name) ? 'true' : undefined} aria-describedby={[hint ? `${name}-aide` : '', errorFor(name) ? `${name}-erreur` : ''].filter(Boolean).join(' ') || undefined} autofocus={first === name || undefined}>
        {one(v[name]) ?? ''}
      </textarea>
    </Field>
  );
  const checks = <T extends string>(name: keyof SchemeFormBody, legend: string, values: readonly T[], labels: Record<T, string>) => (
    <fieldset id={name} aria-describedby={errorFor(name) ? `${name}-erreur` : undefined}>
      <legend>{legend}</legend>
      {errorFor(name) ? (
        <p class="error" id={`${name}-erreur`}>
          {errorFor(name)!.message}
        </p>
      ) : null}
      {values.map((x) => (
        <label class="check">
          <input type="checkbox" name={name} value={x} checked={arr(v[name]).includes(x)} /> {labels[x]}
        </label>
      ))}
    </fieldset>
  );
  const select = <T extends string>(name: keyof SchemeFormBody, label: string, values: readonly T[], labels: Record<T, string>) => (
    <Field id={name} name={name} label={label} error={errorFor(name)}>
      <select id={name} name={name}>
        <Options values={values} labels={labels} selected={one(v[name])} />
      </select>
    </Field>
  );
  const typeLabels = Object.fromEntries(PROJECT_TYPE_CODES.map((t) => [t, PROJECT_TYPES[t].label])) as Record<(typeof PROJECT_TYPE_CODES)[number], string>;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/aides/gestion`, label: 'Gestion des aides' }]} />
      <h1>{props.title}</h1>
      {problems.length > 1 ? (
        <div class="error" role="alert">
          <p>{`${problems.length} champs sont à corriger :`}</p>
          <ul>
            {problems.map((p) => (
              <li>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={props.scheme ? `${props.base}/aides/${props.scheme.id}` : `${props.base}/aides`} class="stacked scheme-form">
        <CsrfField />
        <FormAlert error={problems.length === 1 ? { message: problems[0]!.message, field: problems[0]!.field } : null} fields={FORM_FIELDS} />
        {text('name', 'Nom de l’aide', { required: true })}
        {text('shortTitle', 'Titre court')}
        {area('description', 'Description', 5)}
        {area('funders', 'Financeurs (un par ligne)', 2)}
        {area('instructors', 'Instructeurs (un par ligne)', 2)}
        <div class="grid">
          {select('level', 'Niveau du financeur', FUNDER_LEVELS, FUNDER_LEVEL_LABELS)}
          {select('perimeterScale', 'Périmètre', PERIMETER_SCALES, PERIMETER_LABELS)}
          {text('perimeterCode', 'Code de la région ou du département', { hint: 'Par exemple 84 (Auvergne-Rhône-Alpes) ou 42 (Loire).' })}
        </div>
        {checks('audiences', 'Bénéficiaires', AUDIENCES, AUDIENCE_LABELS)}
        {checks('aidTypes', 'Types d’aide', AID_TYPES, AID_TYPE_LABELS)}
        <fieldset id="projectTypes">
          <legend>Typologies de projet (aucune cochée : toutes)</legend>
          {THEMES.map((theme) => (
            <div class="theme-group">
              <p class="hint">{THEME_LABELS[theme]}</p>
              {PROJECT_TYPE_CODES.filter((x) => PROJECT_TYPES[x].theme === theme).map((x) => (
                <label class="check">
                  <input type="checkbox" name="projectTypes" value={x} checked={arr(v.projectTypes).includes(x)} /> {typeLabels[x]}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
        {text('keywords', 'Mots-clés (séparés par des virgules)')}
        {checks('stages', 'Étapes du projet (aucune cochée : toutes)', PROJECT_STAGES, PROJECT_STAGE_LABELS)}
        {checks('spendingKinds', 'Nature des dépenses (aucune cochée : les deux)', SPENDING_KINDS, SPENDING_KIND_LABELS)}
        <div class="grid">
          {text('rateMin', 'Taux minimal (%)', { inputmode: 'decimal' })}
          {text('rateMax', 'Taux maximal (%)', { inputmode: 'decimal' })}
          {text('maxAid', 'Plafond de l’aide (euros)', { inputmode: 'decimal' })}
          {text('minCost', 'Dépense minimale (euros)', { inputmode: 'decimal' })}
        </div>
        {area('criteria', 'Critères d’éligibilité (un cas par ligne)', 3, "Exemples : « population ≤ 2 000 » ; « population > 2 000 et population ≤ 20 000 et potentiel financier ≤ 1 190 € » ; « commune rurale » ; « population de l'EPCI < 50 000 ». Une commune est éligible si l’un des cas (trois au plus) est rempli ; vide : aucun critère.")}
        {area('condition', 'Condition à vérifier (texte affiché tel quel)', 2)}
        <div class="grid">
          {text('startDate', 'Date d’ouverture', { type: 'date' })}
          {text('deadline', 'Date limite de dépôt', { type: 'date' })}
          {select('recurrence', 'Récurrence', RECURRENCES, RECURRENCE_LABELS)}
          {select('status', 'Statut', SCHEME_STATUSES, SCHEME_STATUS_LABELS)}
        </div>
        <label class="check">
          <input type="checkbox" name="callForProjects" value="oui" checked={one(v.callForProjects) === 'oui'} /> Appel à projets ou à manifestation d’intérêt
        </label>
        <label class="check">
          <input type="checkbox" name="fundingContribution" value="oui" checked={one(v.fundingContribution) === 'oui'} /> Fonds de concours de l’EPCI (attribution sur délibérations concordantes)
        </label>
        {text('originUrl', 'Lien vers la présentation du dispositif', { type: 'url' })}
        {text('applicationUrl', 'Lien de candidature', { type: 'url' })}
        {area('contact', 'Contact', 2)}
        <button type="submit">{props.scheme ? 'Enregistrer les modifications' : 'Créer l’aide'}</button>
      </form>
    </section>
  );
}
