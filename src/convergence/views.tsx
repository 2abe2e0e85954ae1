import { CsrfField, Field, FormAlert, type FormError } from '../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { formatInteger, formatLegalDate, type LegalDate } from '../platform/format.ts';
import type { Collectivity } from '../territory/model.ts';
import { CATEGORIES, CATEGORY_LABELS, describeYears, PROJECT_STATUS_LABELS, PROJECT_STATUSES, type Participant, type ProjectStatus } from './model.ts';
import { projectLabel } from './documents.ts';
import type { ConvergenceTableView, ProjectView } from './service.ts';

export type Values = Record<string, string | string[] | undefined>;
const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
const typed = (date: LegalDate | null) => (date ? date.value : '');

export function StatusBadge(props: { status: ProjectStatus }) {
  return <span class={`badge convergence-status-${props.status}`}>{PROJECT_STATUS_LABELS[props.status]}</span>;
}

const PROJECT_FIELDS = ['category', 'title', 'tool', 'startedOn', 'endedOn', 'status', 'note', 'participantIds'];

/** The fields of a project, shared by the creation and the change forms. */
function ProjectFields(props: { prefix: string; values: Values; error: FormError | null }) {
  const v = props.values;
  const id = (name: string) => `${props.prefix}-${name}`;
  return (
    <>
      <Field id={id('category')} name="category" label="Catégorie" error={props.error}>
        <select id={id('category')} name="category">
          {CATEGORIES.map((c) => (
            <option value={c} selected={str(v, 'category') === c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('title')} name="title" label="Intitulé" required value={str(v, 'title')} error={props.error} />
      <Field id={id('tool')} name="tool" label="Outil ou règle (facultatif)" hint="Ex. CORIOLIS, RIFSEEP." value={str(v, 'tool')} error={props.error} />
      <Field id={id('startedOn')} name="startedOn" label="Début" hint="Une année (2018), un mois (2019-03 ou mars 2019) ou un jour (2019-03-15)." required value={str(v, 'startedOn')} error={props.error} />
      <Field id={id('endedOn')} name="endedOn" label="Fin (facultatif)" hint="Même forme ; 2016 à 2017 s'écrit début 2016, fin 2017." value={str(v, 'endedOn')} error={props.error} />
      <Field id={id('status')} name="status" label="État" error={props.error}>
        <select id={id('status')} name="status">
          {PROJECT_STATUSES.map((s) => (
            <option value={s} selected={(str(v, 'status') || 'inProgress') === s}>
              {PROJECT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('note')} name="note" label="Remarque (facultatif)" error={props.error}>
        <textarea id={id('note')} name="note" rows={2}>
          {str(v, 'note')}
        </textarea>
      </Field>
    </>
  );
}

/** The report's table: categories as rows, periods as columns, the projects listed in each cell. */
export function ConvergenceTableBlock(props: { table: ConvergenceTableView; base: string }) {
  const { table } = props;
  if (table.projectCount === 0) return <p>Aucune donnée : aucun projet de convergence commencé jusqu'en {table.throughYear}.</p>;
  return (
    <ScrollRegion label="Tableau des projets communs" id="tableau">
      <table class="convergence-table">
        <caption>Projets communs par catégorie et par période, jusqu'en {table.throughYear}</caption>
        <thead>
          <tr>
            <th scope="col">Convergence</th>
            {table.periods.map((p) => (
              <th scope="col">{p}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr>
              <th scope="row">{row.label}</th>
              {row.cells.map((cell) => (
                <td>
                  {cell.projects.length === 0 ? (
                    <span class="convergence-empty">—</span>
                  ) : (
                    <ul class="convergence-cell">
                      {cell.projects.map((p) => (
                        <li>
                          <a href={`${props.base}/convergence/projets/${p.id}`}>{projectLabel(p)}</a>
                          {p.status === 'done' ? null : <> ({PROJECT_STATUS_LABELS[p.status].toLowerCase()})</>}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function ConvergencePage(props: {
  base: string;
  table: ConvergenceTableView;
  years: readonly number[];
  projects: readonly ProjectView[];
  canManage: boolean;
  register: readonly Collectivity[];
  error: FormError | null;
  form: string;
  values: Values;
  notice: string | null;
}) {
  const { table } = props;
  const formError = (form: string) => (props.form === form ? props.error : null);
  const chosen = new Set(Array.isArray(props.values.participantIds) ? props.values.participantIds : props.values.participantIds ? [props.values.participantIds] : []);
  return (
    <section>
      <h1>Projets de convergence</h1>
      <p class="prose">
        Les outils, méthodes et règles que les collectivités du territoire déploient ou adoptent ensemble : déploiements de logiciels, conventions de partenariat, outils de pilotage et de reporting. Le
        rapport d'avancement du schéma de mutualisation (partie V.3) en présente le tableau.
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <form method="get" action={`${props.base}/convergence`} class="convergence-inline" aria-label="Choisir l'année">
        <label for="annee">Jusqu'en</label>{' '}
        <select id="annee" name="annee">
          {props.years.map((y) => (
            <option value={String(y)} selected={y === table.throughYear}>
              {y}
            </option>
          ))}
        </select>{' '}
        <button type="submit">Afficher</button>
      </form>
      <ConvergenceTableBlock table={table} base={props.base} />
      <p class="downloads">
        Télécharger le tableau : <a href={`${props.base}/convergence.csv?annee=${table.throughYear}`}>CSV</a> · <a href={`${props.base}/convergence.xlsx?annee=${table.throughYear}`}>XLSX</a>
      </p>
      <h2 id="projets">Tous les projets</h2>
      {props.projects.length === 0 ? (
        <p>Aucune donnée : aucun projet enregistré.</p>
      ) : (
        <ScrollRegion label="Tous les projets de convergence" id="liste">
          <table>
            <caption>{formatInteger(props.projects.length)} projet(s), du plus ancien au plus récent</caption>
            <thead>
              <tr>
                <th scope="col">Projet</th>
                <th scope="col">Catégorie</th>
                <th scope="col">Années</th>
                <th scope="col" class="num">Participants</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {props.projects.map((v) => (
                <tr>
                  <td>
                    <a href={`${props.base}/convergence/projets/${v.project.id}`}>{projectLabel(v.project)}</a>
                  </td>
                  <td>{CATEGORY_LABELS[v.project.category]}</td>
                  <td>{describeYears(v.project)}</td>
                  <td class="num">{formatInteger(v.participants.length)}</td>
                  <td>
                    <StatusBadge status={v.project.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.canManage ? (
        <>
          <h2 id="nouveau">Enregistrer un projet</h2>
          <form method="post" action={`${props.base}/convergence/projets`} class="stacked prose" aria-label="Enregistrer un projet">
            <CsrfField />
            <FormAlert error={formError('nouveau')} fields={PROJECT_FIELDS} />
            <ProjectFields prefix="nouveau" values={props.form === 'nouveau' ? props.values : {}} error={formError('nouveau')} />
            <Field id="nouveau-participantIds" name="participantIds" label="Participants" hint="Maintenez Ctrl (ou Cmd) pour en choisir plusieurs." error={formError('nouveau')}>
              <select id="nouveau-participantIds" name="participantIds" multiple size={8} aria-describedby="nouveau-participantIds-aide">
                {props.register.map((c) => (
                  <option value={c.id} selected={chosen.has(c.id)}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit">Enregistrer le projet</button>
          </form>
          <h2 id="import">Importer des projets</h2>
          <p class="prose">
            Un fichier CSV (UTF-8, séparateur « ; » ou « , ») ou XLSX, avec les colonnes <code>categorie</code>, <code>intitule</code>, <code>outil</code>, <code>debut</code>, <code>fin</code>, <code>etat</code>,{' '}
            <code>participants</code> (codes INSEE ou SIREN séparés par des virgules) et <code>remarque</code>. Tout ou rien : à la moindre erreur, rien n'est enregistré et chaque erreur est listée avec sa ligne.
          </p>
          <form method="post" action={`${props.base}/convergence/import`} enctype="multipart/form-data" class="stacked narrow" aria-label="Importer des projets">
            <CsrfField />
            <Field id="fichier" name="fichier" label="Fichier de projets (CSV ou XLSX)" type="file" accept=".csv,.xlsx,text/csv" required error={formError('import')} />
            <button type="submit">Importer</button>
          </form>
        </>
      ) : null}
    </section>
  );
}

const describe = (date: LegalDate | null, none: string) => (date ? formatLegalDate(date) : none);

export function ProjectPage(props: { base: string; view: ProjectView; canManage: boolean; register: readonly Collectivity[]; error: FormError | null; form: string; values: Values; today: string }) {
  const { project, participants } = props.view;
  const formError = (form: string) => (props.form === form ? props.error : null);
  const current = (p: Participant) => p.leftOn === null;
  const values: Values =
    props.form === 'modifier'
      ? props.values
      : { category: project.category, title: project.title, tool: project.tool ?? '', startedOn: typed(project.startedOn), endedOn: typed(project.endedOn), status: project.status, note: project.note ?? '' };
  const outside = props.register.filter((c) => !participants.some((p) => p.collectivityId === c.id));
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/convergence`, label: 'Projets de convergence' }]} />
      <h1>{projectLabel(project)}</h1>
      <dl class="facts">
        <div>
          <dt>Catégorie</dt>
          <dd>{CATEGORY_LABELS[project.category]}</dd>
        </div>
        <div>
          <dt>Années</dt>
          <dd>{describeYears(project)}</dd>
        </div>
        <div>
          <dt>État</dt>
          <dd>
            <StatusBadge status={project.status} />
          </dd>
        </div>
        {project.tool ? (
          <div>
            <dt>Outil ou règle</dt>
            <dd>{project.tool}</dd>
          </div>
        ) : null}
        {project.note ? (
          <div>
            <dt>Remarque</dt>
            <dd>{project.note}</dd>
          </div>
        ) : null}
      </dl>
      <h2 id="participants">Participants</h2>
      {participants.length === 0 ? (
        <p>Aucun participant enregistré.</p>
      ) : (
        <ScrollRegion label="Participants du projet">
          <table>
            <caption>
              {formatInteger(participants.filter(current).length)} participant(s) à ce jour sur {formatInteger(participants.length)}
            </caption>
            <thead>
              <tr>
                <th scope="col">Collectivité</th>
                <th scope="col">Depuis</th>
                <th scope="col">Jusqu'à</th>
                {props.canManage ? <th scope="col">Modifier</th> : null}
              </tr>
            </thead>
            <tbody>
              {participants.map((p) => (
                <tr>
                  <td>{p.name}</td>
                  <td>{describe(p.joinedOn, 'le début du projet')}</td>
                  <td>{describe(p.leftOn, '—')}</td>
                  {props.canManage ? (
                    <td>
                      <form method="post" action={`${props.base}/convergence/projets/${project.id}/participants/${p.id}`} class="convergence-inline" aria-label={`Dates de participation : ${p.name}`}>
                        <CsrfField />
                        <label for={`depuis-${p.id}`}>Depuis</label> <input id={`depuis-${p.id}`} name="joinedOn" size={10} value={typed(p.joinedOn)} />{' '}
                        <label for={`jusqua-${p.id}`}>jusqu'à</label> <input id={`jusqua-${p.id}`} name="leftOn" size={10} value={typed(p.leftOn)} /> <button type="submit">Enregistrer</button>
                      </form>
                      <form method="post" action={`${props.base}/convergence/projets/${project.id}/participants/${p.id}/retrait`} class="convergence-inline" aria-label={`Retirer ${p.name}`}>
                        <CsrfField />
                        <input type="hidden" name="confirmer" value="oui" />
                        <button type="submit" class="secondary">
                          Retirer<span class="visually-hidden"> {p.name}</span>
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.form === 'participation' && props.error ? (
        <p class="error" role="alert">
          {props.error.message}
        </p>
      ) : null}
      {props.canManage ? (
        <>
          <h2 id="ajout">Ajouter un participant</h2>
          <form method="post" action={`${props.base}/convergence/projets/${project.id}/participants`} class="stacked narrow" aria-label="Ajouter un participant">
            <CsrfField />
            <FormAlert error={formError('ajout')} fields={['collectivityId', 'joinedOn', 'leftOn']} />
            <Field id="ajout-collectivityId" name="collectivityId" label="Collectivité" error={formError('ajout')}>
              <select id="ajout-collectivityId" name="collectivityId">
                {outside.map((c) => (
                  <option value={c.id} selected={str(props.values, 'collectivityId') === c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="ajout-joinedOn" name="joinedOn" label="Depuis (facultatif)" hint="Vide : depuis le début du projet." value={props.form === 'ajout' ? str(props.values, 'joinedOn') : ''} error={formError('ajout')} />
            <Field id="ajout-leftOn" name="leftOn" label="Jusqu'à (facultatif)" value={props.form === 'ajout' ? str(props.values, 'leftOn') : ''} error={formError('ajout')} />
            <button type="submit">Ajouter</button>
          </form>
          <h2 id="modifier">Modifier le projet</h2>
          <form method="post" action={`${props.base}/convergence/projets/${project.id}`} class="stacked prose" aria-label="Modifier le projet">
            <CsrfField />
            <FormAlert error={formError('modifier')} fields={PROJECT_FIELDS} />
            <ProjectFields prefix="modifier" values={values} error={formError('modifier')} />
            <button type="submit">Enregistrer les modifications</button>
          </form>
          <h2 id="suppression">Supprimer le projet</h2>
          <form method="post" action={`${props.base}/convergence/projets/${project.id}/suppression`} class="stacked narrow" aria-label="Supprimer le projet">
            <CsrfField />
            <p class="hint">Seulement pour un projet saisi par erreur : un projet abandonné garde sa ligne, à l'état « Abandonné ».</p>
            <input type="hidden" name="confirmer" value="oui" />
            <button type="submit" class="secondary">
              Supprimer ce projet
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
