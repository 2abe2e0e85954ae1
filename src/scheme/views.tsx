import { CsrfField, Field, FormAlert, type FormError } from '../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { formatDate, formatInteger, formatLegalDate, type LegalDate } from '../platform/format.ts';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, OPINION_LABELS, OPINION_STATE_LABELS, OPINIONS, type PoolingScheme, type SchemeAction } from './model.ts';
import type { SchemeDetail } from './service.ts';

export type Values = Record<string, string | undefined>;
const str = (v: Values, k: string) => v[k] ?? '';
const typed = (date: LegalDate | null) => (date ? date.value : '');
const when = (date: LegalDate | null) => (date ? formatLegalDate(date) : '—');

export const SCHEME_FIELDS = ['title', 'sentToCommunesOn', 'adoptedOn', 'adoptingBody', 'deliberationReference', 'context', 'orientations', 'principles', 'note'];
const ACTION_FIELDS = ['orientation', 'title', 'description', 'status', 'startedOn', 'completedOn'];

export function schemeValues(s: PoolingScheme): Values {
  return {
    title: s.title,
    sentToCommunesOn: s.sentToCommunesOn ?? '',
    adoptedOn: typed(s.adoptedOn),
    adoptingBody: s.adoptingBody ?? '',
    deliberationReference: s.deliberationReference ?? '',
    context: s.context,
    orientations: s.orientations.join('\n'),
    principles: s.principles.join('\n'),
    note: s.note ?? '',
  };
}

function SchemeForm(props: { action: string; label: string; button: string; values: Values; error: FormError | null }) {
  const v = props.values;
  return (
    <form method="post" action={props.action} class="stacked prose" aria-label={props.label}>
      <CsrfField />
      <FormAlert error={props.error} fields={SCHEME_FIELDS} />
      <Field id="scheme-title" name="title" label="Intitulé" required value={str(v, 'title')} error={props.error} />
      <Field id="scheme-sent" name="sentToCommunesOn" label="Projet transmis aux communes le (facultatif)" hint="AAAA-MM-JJ : les conseils municipaux ont trois mois pour rendre leur avis." value={str(v, 'sentToCommunesOn')} error={props.error} />
      <Field id="scheme-adopted" name="adoptedOn" label="Adopté le (facultatif)" hint="AAAA-MM-JJ, ou un mois, ou une année." value={str(v, 'adoptedOn')} error={props.error} />
      <Field id="scheme-body" name="adoptingBody" label="Par (instance, facultatif)" value={str(v, 'adoptingBody')} error={props.error} />
      <Field id="scheme-deliberation" name="deliberationReference" label="Délibération (facultatif)" value={str(v, 'deliberationReference')} error={props.error} />
      <Field id="scheme-context" name="context" label="Contexte" error={props.error}>
        <textarea id="scheme-context" name="context" rows={4}>
          {str(v, 'context')}
        </textarea>
      </Field>
      <Field id="scheme-orientations" name="orientations" label="Orientations (une par ligne)" error={props.error}>
        <textarea id="scheme-orientations" name="orientations" rows={4} aria-invalid={props.error?.field === 'orientations' ? 'true' : undefined}>
          {str(v, 'orientations')}
        </textarea>
      </Field>
      <Field id="scheme-principles" name="principles" label="Principes (un par ligne)" error={props.error}>
        <textarea id="scheme-principles" name="principles" rows={3}>
          {str(v, 'principles')}
        </textarea>
      </Field>
      <Field id="scheme-note" name="note" label="Remarque (facultatif)" error={props.error}>
        <textarea id="scheme-note" name="note" rows={2}>
          {str(v, 'note')}
        </textarea>
      </Field>
      <button type="submit">{props.button}</button>
    </form>
  );
}

export function NoSchemePage(props: { base: string; canManage: boolean; error: FormError | null; values: Values }) {
  return (
    <section>
      <h1>Schéma de mutualisation</h1>
      <p>Aucune donnée : aucun schéma de mutualisation n'est enregistré pour ce territoire.</p>
      {props.canManage ? (
        <>
          <h2 id="nouveau">Enregistrer le schéma</h2>
          <SchemeForm action={`${props.base}/schema`} label="Enregistrer le schéma" button="Enregistrer le schéma" values={props.values} error={props.error} />
        </>
      ) : null}
    </section>
  );
}

function ActionRow(props: { base: string; schemeId: string; action: SchemeAction; canManage: boolean }) {
  const a = props.action;
  return (
    <tr>
      <td>
        {a.title}
        {a.description ? <span class="hint scheme-description"> {a.description}</span> : null}
      </td>
      <td>{when(a.startedOn)}</td>
      <td>{when(a.completedOn)}</td>
      <td>
        <span class={`badge scheme-status-${a.status}`}>{ACTION_STATUS_LABELS[a.status]}</span>
      </td>
      {props.canManage ? (
        <td>
          <form method="post" action={`${props.base}/schema/${props.schemeId}/actions/${a.id}`} class="scheme-inline" aria-label={`État de l'action : ${a.title}`}>
            <CsrfField />
            <input type="hidden" name="title" value={a.title} />
            <input type="hidden" name="orientation" value={a.orientation === null ? '' : String(a.orientation)} />
            <input type="hidden" name="description" value={a.description ?? ''} />
            <input type="hidden" name="startedOn" value={typed(a.startedOn)} />
            <label for={`etat-${a.id}`} class="visually-hidden">
              État de l'action
            </label>
            <select id={`etat-${a.id}`} name="status">
              {ACTION_STATUSES.map((s) => (
                <option value={s} selected={s === a.status}>
                  {ACTION_STATUS_LABELS[s]}
                </option>
              ))}
            </select>{' '}
            <label for={`fin-${a.id}`}>réalisée le</label> <input id={`fin-${a.id}`} name="completedOn" size={10} value={typed(a.completedOn)} /> <button type="submit">Enregistrer</button>
          </form>
        </td>
      ) : null}
    </tr>
  );
}

function ActionsTable(props: { base: string; schemeId: string; caption: string; actions: readonly SchemeAction[]; canManage: boolean }) {
  if (props.actions.length === 0) return <p>Aucune action enregistrée pour cette orientation.</p>;
  return (
    <ScrollRegion label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Début</th>
            <th scope="col">Réalisée</th>
            <th scope="col">État</th>
            {props.canManage ? <th scope="col">Changer l'état</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.actions.map((a) => (
            <ActionRow base={props.base} schemeId={props.schemeId} action={a} canManage={props.canManage} />
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function SchemePage(props: {
  base: string;
  detail: SchemeDetail;
  others: readonly PoolingScheme[];
  canManage: boolean;
  canRecordOpinion: boolean;
  communes: readonly { id: string; name: string }[];
  error: FormError | null;
  form: string;
  values: Values;
}) {
  const { scheme, actions, counts, consultation } = props.detail;
  const formError = (form: string) => (props.form === form ? props.error : null);
  const { tally } = consultation;
  const base = `${props.base}/schema/${scheme.id}`;
  return (
    <section>
      {props.others.length > 0 ? <Breadcrumb trail={[{ href: `${props.base}/schema`, label: 'Schéma de mutualisation' }]} /> : null}
      <h1>{scheme.title}</h1>
      <dl class="facts">
        <div>
          <dt>Adopté</dt>
          <dd>{scheme.adoptedOn ? `${scheme.adoptedOn.precision === 'day' ? 'le ' : 'en '}${formatLegalDate(scheme.adoptedOn)}${scheme.adoptingBody ? ` par le ${scheme.adoptingBody.replace(/^(le|la) /i, '')}` : ''}` : 'pas encore (projet)'}</dd>
        </div>
        {scheme.deliberationReference ? (
          <div>
            <dt>Délibération</dt>
            <dd>{scheme.deliberationReference}</dd>
          </div>
        ) : null}
        <div>
          <dt>Projet transmis aux communes</dt>
          <dd>{scheme.sentToCommunesOn ? `le ${formatDate(scheme.sentToCommunesOn)}, avis attendus jusqu'au ${formatDate(consultation.deadline!)}` : 'pas encore'}</dd>
        </div>
        <div>
          <dt>Actions</dt>
          <dd>
            {formatInteger(counts.total)} dont {formatInteger(counts.byStatus.done)} réalisée(s), {formatInteger(counts.byStatus.inProgress)} en cours, {formatInteger(counts.byStatus.planned)} prévue(s)
          </dd>
        </div>
      </dl>
      {scheme.note ? <p class="hint">{scheme.note}</p> : null}
      {scheme.context ? <p class="prose pre-line">{scheme.context}</p> : null}
      <h2 id="orientations">Orientations et actions</h2>
      {scheme.orientations.map((text, i) => (
        <>
          <h3>
            Orientation {i + 1} : {text}
          </h3>
          <ActionsTable base={props.base} schemeId={scheme.id} caption={`Actions de l'orientation ${i + 1}`} actions={actions.filter((a) => a.orientation === i + 1)} canManage={props.canManage} />
        </>
      ))}
      {actions.some((a) => a.orientation === null) ? (
        <>
          <h3>Autres actions</h3>
          <ActionsTable base={props.base} schemeId={scheme.id} caption="Actions rattachées à aucune orientation" actions={actions.filter((a) => a.orientation === null)} canManage={props.canManage} />
        </>
      ) : null}
      {formError('etat') ? (
        <p class="error" role="alert">
          {formError('etat')!.message}
        </p>
      ) : null}
      <h2 id="principes">Principes</h2>
      {scheme.principles.length === 0 ? (
        <p>Aucun principe enregistré.</p>
      ) : (
        <ul>
          {scheme.principles.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      )}
      <h2 id="avis">Avis des communes</h2>
      <p class="prose">
        Chaque conseil municipal dispose de trois mois pour se prononcer sur le projet de schéma ; à défaut de délibération dans ce délai, son avis est réputé favorable (CGCT, article L5211-39-1).
      </p>
      {tally.consulted === 0 ? (
        <p>Le projet n'a pas encore été transmis aux communes.</p>
      ) : (
        <>
          <p id="avis-synthese">
            {formatInteger(tally.consulted)} communes consultées : {formatInteger(tally.favourable)} avis favorable(s), {formatInteger(tally.tacitFavourable)} réputé(s) favorable(s) faute de délibération,{' '}
            {formatInteger(tally.unfavourable)} défavorable(s), {formatInteger(tally.pending)} en attente.
          </p>
          {consultation.membersToday ? <p class="hint">Le registre ne connaît pas les communes membres au jour de la transmission : la liste est celle des communes membres aujourd'hui.</p> : null}
          <ScrollRegion label="Avis des communes" id="avis-communes">
            <table>
              <caption>Avis des conseils municipaux</caption>
              <thead>
                <tr>
                  <th scope="col">Commune</th>
                  <th scope="col">Avis</th>
                  <th scope="col">Délibération du</th>
                  <th scope="col">Référence</th>
                </tr>
              </thead>
              <tbody>
                {consultation.opinions.map((o) => (
                  <tr>
                    <td>{o.name}</td>
                    <td>
                      {OPINION_STATE_LABELS[o.state]}
                      {o.late ? ` (avis ${OPINION_LABELS[o.recorded!.opinion].toLowerCase()} voté hors délai)` : ''}
                    </td>
                    <td>{o.recorded ? formatDate(o.recorded.givenOn) : '—'}</td>
                    <td>{o.recorded?.deliberationReference ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
      {props.canRecordOpinion ? (
        <>
          <h2 id="avis-saisie">Enregistrer l'avis d'une commune</h2>
          <form method="post" action={`${base}/avis`} class="stacked narrow" aria-label="Enregistrer l'avis d'une commune">
            <CsrfField />
            <FormAlert error={formError('avis')} fields={['collectivityId', 'opinion', 'givenOn', 'deliberationReference']} />
            <Field id="avis-commune" name="collectivityId" label="Commune" error={formError('avis')}>
              <select id="avis-commune" name="collectivityId">
                {props.communes.map((c) => (
                  <option value={c.id} selected={str(props.values, 'collectivityId') === c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="avis-opinion" name="opinion" label="Avis" error={formError('avis')}>
              <select id="avis-opinion" name="opinion">
                {OPINIONS.map((o) => (
                  <option value={o} selected={str(props.values, 'opinion') === o}>
                    {OPINION_LABELS[o]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="avis-date" name="givenOn" label="Date de la délibération" hint="AAAA-MM-JJ" required value={props.form === 'avis' ? str(props.values, 'givenOn') : ''} error={formError('avis')} />
            <Field id="avis-reference" name="deliberationReference" label="Référence (facultatif)" value={props.form === 'avis' ? str(props.values, 'deliberationReference') : ''} error={formError('avis')} />
            <button type="submit">Enregistrer l'avis</button>
          </form>
        </>
      ) : null}
      {props.canManage ? (
        <>
          <h2 id="action">Ajouter une action</h2>
          <form method="post" action={`${base}/actions`} class="stacked narrow" aria-label="Ajouter une action">
            <CsrfField />
            <FormAlert error={formError('action')} fields={ACTION_FIELDS} />
            <Field id="action-title" name="title" label="Intitulé" required value={props.form === 'action' ? str(props.values, 'title') : ''} error={formError('action')} />
            <Field id="action-orientation" name="orientation" label="Orientation" error={formError('action')}>
              <select id="action-orientation" name="orientation">
                <option value="">Aucune</option>
                {scheme.orientations.map((text, i) => (
                  <option value={String(i + 1)} selected={str(props.values, 'orientation') === String(i + 1)}>
                    {i + 1}. {text.length > 80 ? `${text.slice(0, 80)}…` : text}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="action-status" name="status" label="État" error={formError('action')}>
              <select id="action-status" name="status">
                {ACTION_STATUSES.map((s) => (
                  <option value={s} selected={str(props.values, 'status') === s}>
                    {ACTION_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="action-started" name="startedOn" label="Début (facultatif)" hint="Une année, un mois ou un jour." value={props.form === 'action' ? str(props.values, 'startedOn') : ''} error={formError('action')} />
            <Field id="action-completed" name="completedOn" label="Réalisée le (facultatif)" value={props.form === 'action' ? str(props.values, 'completedOn') : ''} error={formError('action')} />
            <Field id="action-description" name="description" label="Description (facultatif)" error={formError('action')}>
              <textarea id="action-description" name="description" rows={2}>
                {props.form === 'action' ? str(props.values, 'description') : ''}
              </textarea>
            </Field>
            <button type="submit">Ajouter l'action</button>
          </form>
          <h2 id="modifier">Modifier le schéma</h2>
          <SchemeForm action={base} label="Modifier le schéma" button="Enregistrer les modifications" values={props.form === 'modifier' ? props.values : schemeValues(scheme)} error={formError('modifier')} />
        </>
      ) : null}
      {props.others.length > 0 ? (
        <>
          <h2 id="autres">Autres schémas</h2>
          <ul>
            {props.others.map((s) => (
              <li>
                <a href={`${props.base}/schema/${s.id}`}>{s.title}</a> {s.adoptedOn ? `(adopté : ${formatLegalDate(s.adoptedOn)})` : '(projet)'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.canManage ? (
        <p>
          <a href={`${props.base}/schema/nouveau`}>Enregistrer un nouveau schéma</a> (par exemple celui du mandat suivant).
        </p>
      ) : null}
    </section>
  );
}

export function NewSchemePage(props: { base: string; error: FormError | null; values: Values }) {
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/schema`, label: 'Schéma de mutualisation' }]} />
      <h1>Nouveau schéma de mutualisation</h1>
      <SchemeForm action={`${props.base}/schema`} label="Enregistrer le schéma" button="Enregistrer le schéma" values={props.values} error={props.error} />
    </section>
  );
}
