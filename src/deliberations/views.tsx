// The deliberations' pages as components: the register and its search, the creation form, a deliberation with
// its documents and history, and the public publication page.
import { CsrfField, Field, FormAlert, type FormError } from '../platform/http/forms.tsx';
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import { formatDate, formatInstant } from '../platform/format.ts';
import type { Body } from '../assemblies/model.ts';
import { MATTERS, matterText, OUTCOME_LABELS } from './model.ts';
import type { DeliberationDetail, PendingItem, RegisterEntry } from './service.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n < 2 ? one : many}`;

function Fact(props: { label: string; children: preact.ComponentChildren }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

export interface RegisterFilters {
  readonly numero?: string | undefined;
  readonly annee?: string | undefined;
  readonly du?: string | undefined;
  readonly au?: string | undefined;
  readonly matiere?: string | undefined;
  readonly instance?: string | undefined;
  readonly texte?: string | undefined;
}

function legalState(d: RegisterEntry): string {
  if (d.enforceableOn) return `exécutoire le ${formatDate(d.enforceableOn)}`;
  if (d.publishedOn) return `publiée le ${formatDate(d.publishedOn)}`;
  if (d.transmittedOn) return `transmise le ${formatDate(d.transmittedOn)}`;
  return 'à transmettre';
}

export function RegisterPage(props: { base: string; list: readonly RegisterEntry[]; bodies: readonly Body[]; filters: RegisterFilters; canManage: boolean; year: number; error?: FormError | null; values?: Record<string, string> }) {
  const e = props.error ?? null;
  const v = props.values ?? {};
  const f = props.filters;
  return (
    <section>
      <h1>Registre des délibérations</h1>
      <p class="downloads">
        {props.canManage ? (
          <>
            <a href={`${props.base}/deliberations/nouvelle`} class="button-link">
              Nouvelle délibération
            </a>{' '}
          </>
        ) : null}
        <a href={`${props.base}/deliberations/registre.pdf?annee=${props.year}`}>{`Registre ${props.year} (PDF)`}</a>{' '}
        <a href={`${props.base}/deliberations/scdl.csv?annee=${props.year}`}>{`Données ouvertes ${props.year} (CSV SCDL)`}</a>{' '}
        <a href={`${props.base}/publication`}>Page de publication (publique)</a>
      </p>
      <form method="get" action={`${props.base}/deliberations`} class="deliberations-search" aria-labelledby="recherche-registre">
        <h2 id="recherche-registre">Rechercher</h2>
        <div class="grid">
          <Field id="texte" name="texte" label="Texte intégral" value={f.texte ?? ''} hint="Mots du titre, des considérants ou du dispositif (recherche en français)" />
          <Field id="numero" name="numero" label="Numéro" value={f.numero ?? ''} hint="ex. 2020.00079" />
          <Field id="annee" name="annee" label="Année" type="number" min="1990" max="2200" value={f.annee ?? ''} />
          <Field id="du" name="du" label="Adoptée du" type="date" value={f.du ?? ''} />
          <Field id="au" name="au" label="Adoptée au" type="date" value={f.au ?? ''} />
          <Field id="matiere" name="matiere" label="Matière (ACTES)">
            <select id="matiere" name="matiere">
              <option value="">Toutes</option>
              {MATTERS.map((m) => (
                <option value={m.code} selected={f.matiere === m.code}>{`${m.code} ${m.label}`}</option>
              ))}
            </select>
          </Field>
          <Field id="instance" name="instance" label="Assemblée">
            <select id="instance" name="instance">
              <option value="">Toutes</option>
              {props.bodies.map((b) => (
                <option value={b.id} selected={f.instance === b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <button type="submit">Rechercher</button>
      </form>
      <RegisterTable base={props.base} list={props.list} />
      {props.canManage ? (
        <form method="post" action={`${props.base}/deliberations/numerotation`} class="stacked narrow" aria-labelledby="numerotation-titre">
          <h2 id="numerotation-titre">Numérotation d’une année</h2>
          <p class="hint">Modèle et premier numéro du registre d’une année, tant qu’aucune délibération de cette année n’est numérotée. {'{AAAA}'} : l’année, {'{NNNNN}'} : le rang (autant de N que de chiffres).</p>
          <CsrfField />
          <FormAlert error={e} fields={['year', 'pattern', 'firstNumber']} />
          <Field id="num-annee" name="year" label="Année" type="number" min="1990" max="2200" required error={e} value={v.year ?? ''} />
          <Field id="num-modele" name="pattern" label="Modèle" required error={e} value={v.pattern ?? '{AAAA}.{NNNNN}'} maxLength={40} />
          <Field id="num-premier" name="firstNumber" label="Premier numéro" type="number" min="1" error={e} value={v.firstNumber ?? '1'} />
          <button type="submit">Fixer la numérotation</button>
        </form>
      ) : null}
    </section>
  );
}

function RegisterTable(props: { base: string; list: readonly RegisterEntry[] }) {
  if (props.list.length === 0) return <p>Aucune délibération ne correspond.</p>;
  return (
    <ScrollRegion label="Délibérations">
      <table>
        <caption>{plural(props.list.length, 'délibération', 'délibérations')}</caption>
        <thead>
          <tr>
            <th scope="col">Numéro</th>
            <th scope="col">Adoptée le</th>
            <th scope="col">Assemblée</th>
            <th scope="col">Objet</th>
            <th scope="col">Matière</th>
            <th scope="col">Décision</th>
            <th scope="col">Contrôle de légalité</th>
          </tr>
        </thead>
        <tbody>
          {props.list.map((d) => (
            <tr>
              <td>
                <a href={`${props.base}/deliberations/${d.id}`}>{d.number}</a>
              </td>
              <td>{formatDate(d.adoptedOn)}</td>
              <td>{d.bodyName}</td>
              <td>{d.title}</td>
              <td>{d.matterCode}</td>
              <td>{OUTCOME_LABELS[d.outcome]}</td>
              <td>{legalState(d)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

const CREATE_FIELDS = ['itemId', 'title', 'matterCode', 'recitals', 'decision', 'debates', 'number'];

export function NewDeliberationPage(props: { base: string; items: readonly PendingItem[]; next: string; error: FormError | null; values: Record<string, string> }) {
  const v = props.values;
  const e = props.error;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/deliberations`, label: 'Délibérations' }]} />
      <h1>Nouvelle délibération</h1>
      {props.items.length === 0 ? (
        <p>Aucun point délibéré n’attend sa délibération : enregistrez d’abord le vote ou le « prend acte » du point en séance.</p>
      ) : (
        <form method="post" action={`${props.base}/deliberations`} class="stacked narrow" aria-labelledby="nouvelle-titre">
          <h2 id="nouvelle-titre">Numérotée à sa création</h2>
          <p class="hint">{`Le numéro suit le dernier du registre de l’année de la séance, sans trou ni doublon (cette année : ${props.next}).`}</p>
          <CsrfField />
          <FormAlert error={e} fields={CREATE_FIELDS} />
          <Field id="itemId" name="itemId" label="Point délibéré" error={e}>
            <select id="itemId" name="itemId" aria-invalid={e?.field === 'itemId' ? 'true' : undefined} aria-describedby={e?.field === 'itemId' ? 'itemId-erreur' : undefined}>
              {props.items.map((i) => (
                <option value={i.itemId} selected={v.itemId === i.itemId}>
                  {i.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="title" name="title" label="Titre (par défaut celui du point)" error={e} value={v.title ?? ''} maxLength={500} />
          <Field id="matterCode" name="matterCode" label="Matière (nomenclature ACTES)" error={e}>
            <select id="matterCode" name="matterCode" aria-invalid={e?.field === 'matterCode' ? 'true' : undefined} aria-describedby={e?.field === 'matterCode' ? 'matterCode-erreur' : undefined}>
              {MATTERS.map((m) => (
                <option value={m.code} selected={(v.matterCode ?? '5.7') === m.code}>{`${m.code} ${m.label}`}</option>
              ))}
            </select>
          </Field>
          <Field id="recitals" name="recitals" label="Exposé et considérants" error={e}>
            <textarea id="recitals" name="recitals" rows={4} aria-invalid={e?.field === 'recitals' ? 'true' : undefined} aria-describedby={e?.field === 'recitals' ? 'recitals-erreur' : undefined}>
              {v.recitals ?? ''}
            </textarea>
          </Field>
          <Field id="decision" name="decision" label="Dispositif (décision)" error={e}>
            <textarea id="decision" name="decision" rows={4} required aria-invalid={e?.field === 'decision' ? 'true' : undefined} aria-describedby={e?.field === 'decision' ? 'decision-erreur' : undefined}>
              {v.decision ?? ''}
            </textarea>
          </Field>
          <Field id="debates" name="debates" label="Teneur des débats (pour le procès-verbal)" error={e}>
            <textarea id="debates" name="debates" rows={3} aria-invalid={e?.field === 'debates' ? 'true' : undefined} aria-describedby={e?.field === 'debates' ? 'debates-erreur' : undefined}>
              {v.debates ?? ''}
            </textarea>
          </Field>
          <Field id="number" name="number" label="Numéro déjà attribué (délibération passée seulement)" error={e} value={v.number ?? ''} hint="Laissez vide : Mutualis donne le numéro suivant, sans trou ni doublon." maxLength={40} />
          <button type="submit">Créer et numéroter</button>
        </form>
      )}
    </section>
  );
}

export function DeliberationPage(props: { base: string; detail: DeliberationDetail; canManage: boolean; suggestedActesId: string | null; error: FormError | null; form: string; values: Record<string, string> }) {
  const { deliberation: d, attendance: a, annexes, history } = props.detail;
  const errorFor = (form: string) => (props.form === form ? props.error : null);
  const v = props.values;
  const url = `${props.base}/deliberations/${d.id}`;
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/deliberations`, label: 'Délibérations' }]} />
      <h1>{`Délibération n° ${d.number}`}</h1>
      <p class="lead">{d.title}</p>
      <dl class="facts">
        <Fact label="Assemblée">
          <a href={`${props.base}/seances/${d.sittingId}`}>{`${a.bodyName} du ${formatDate(d.adoptedOn)}`}</a>
        </Fact>
        <Fact label="Matière">{matterText(d.matterCode)}</Fact>
        <Fact label="Décision">{OUTCOME_LABELS[d.outcome]}</Fact>
        <Fact label="Membres">{`${a.counts.inOffice} en exercice, ${a.counts.present} présents, ${a.counts.represented} pouvoirs, ${a.counts.votingPower} voix`}</Fact>
        {props.detail.rapporteur ? <Fact label="Rapporteur">{props.detail.rapporteur}</Fact> : null}
        <Fact label="Identifiant @ctes">{d.actesId ?? 'non transmise'}</Fact>
        <Fact label="Reçue en préfecture">{d.acknowledgedOn ? formatDate(d.acknowledgedOn) : '—'}</Fact>
        <Fact label="Publiée">{d.publishedOn ? formatDate(d.publishedOn) : '—'}</Fact>
        <Fact label="Exécutoire">{d.enforceableOn ? formatDate(d.enforceableOn) : '—'}</Fact>
      </dl>
      {a.vote ? <p class="notice">{a.vote.resultText}</p> : null}
      <h2>Texte</h2>
      {d.recitals ? <p class="pre-line">{d.recitals}</p> : null}
      <p class="pre-line">{d.decision}</p>
      {d.debates ? (
        <>
          <h3>Teneur des débats</h3>
          <p class="pre-line">{d.debates}</p>
        </>
      ) : null}
      <h2>Documents</h2>
      <ul class="deliberations-documents">
        <li>
          <a href={`${url}/extrait.pdf`}>Extrait du registre (PDF)</a>
        </li>
        <li>
          <a href={`${url}/extrait.docx`}>Extrait du registre, version modifiable (DOCX)</a>
        </li>
        <li>
          <a href={`${props.base}/seances/${d.sittingId}/proces-verbal.pdf`}>Procès-verbal de la séance (PDF)</a>
        </li>
        <li>
          <a href={`${props.base}/seances/${d.sittingId}/deliberations.pdf`}>Liste des délibérations de la séance (PDF)</a>
        </li>
      </ul>
      <h2 id="annexes">Annexes</h2>
      {annexes.length === 0 ? (
        <p>Aucune annexe.</p>
      ) : (
        <ScrollRegion label="Annexes">
          <table>
            <caption>{plural(annexes.length, 'annexe', 'annexes')}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">N°</th>
                <th scope="col">Intitulé</th>
                <th scope="col">Fichier</th>
                <th scope="col" class="num">Taille</th>
                <th scope="col">Origine</th>
              </tr>
            </thead>
            <tbody>
              {annexes.map((x) => (
                <tr>
                  <td class="num">{x.position}</td>
                  <td>{x.title}</td>
                  <td>
                    <a href={`${url}/annexes/${x.id}`}>{x.filename}</a>
                  </td>
                  <td class="num">{`${Math.max(1, Math.round(x.size / 1024)).toLocaleString('fr-FR')} Ko`}</td>
                  <td>{x.source === 'document' ? 'document Mutualis' : 'fichier déposé'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.canManage ? (
        <div class="forms">
          {!d.transmittedOn ? (
            <form method="post" action={`${url}/annexes`} enctype="multipart/form-data" class="stacked" aria-labelledby="annexe-titre">
              <h3 id="annexe-titre">Joindre une annexe</h3>
              <CsrfField />
              <FormAlert error={errorFor('annexe')} fields={['title', 'fichier']} />
              <Field id="annexe-intitule" name="title" label="Intitulé" error={errorFor('annexe')} value={v.title ?? ''} maxLength={300} />
              <Field id="annexe-fichier" name="fichier" label="Fichier (PDF, ODT, DOCX, XLSX, CSV, PNG, JPEG ; 5 Mo au plus)" error={errorFor('annexe')} type="file" required />
              <button type="submit">Joindre</button>
            </form>
          ) : null}
          {!d.acknowledgedOn ? (
            <form method="post" action={`${url}/transmission`} class="stacked" aria-labelledby="transmission-titre">
              <h3 id="transmission-titre">Transmission en préfecture</h3>
              <CsrfField />
              <FormAlert error={errorFor('transmission')} fields={['actesId', 'transmittedOn', 'channel', 'acknowledgedOn']} />
              <Field id="actesId" name="actesId" label="Identifiant @ctes retourné par l’opérateur" error={errorFor('transmission')} value={v.actesId ?? d.actesId ?? props.suggestedActesId ?? ''} maxLength={60} />
              <Field id="transmittedOn" name="transmittedOn" label="Date de transmission" type="date" required error={errorFor('transmission')} value={v.transmittedOn ?? d.transmittedOn ?? ''} />
              <Field id="channel" name="channel" label="Opérateur de transmission" error={errorFor('transmission')} value={v.channel ?? d.transmissionChannel ?? ''} maxLength={200} />
              <Field id="acknowledgedOn" name="acknowledgedOn" label="Accusé de réception (date)" type="date" error={errorFor('transmission')} value={v.acknowledgedOn ?? ''} />
              <button type="submit">Enregistrer la transmission</button>
            </form>
          ) : null}
          {!d.publishedOn ? (
            <form method="post" action={`${url}/publication`} class="stacked" aria-labelledby="publication-titre">
              <h3 id="publication-titre">Publication</h3>
              <CsrfField />
              <FormAlert error={errorFor('publication')} fields={['publishedOn']} />
              <Field id="publishedOn" name="publishedOn" label="Date de publication" type="date" required error={errorFor('publication')} value={v.publishedOn ?? ''} />
              <button type="submit">Publier</button>
            </form>
          ) : null}
        </div>
      ) : null}
      <h2>Historique</h2>
      <ScrollRegion label="Historique">
        <table>
          <caption>{plural(history.length, 'modification', 'modifications')}</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Par</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr>
                <td>{formatInstant(h.at)}</td>
                <td>{h.actorLabel}</td>
                <td>{h.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

/** The territory's published acts, for everyone (no account needed). */
export function PublicationPage(props: { territoryName: string; list: readonly RegisterEntry[] }) {
  return (
    <section>
      <h1>{`Actes publiés — ${props.territoryName}`}</h1>
      <p class="lead">Délibérations publiées sous forme électronique (CGCT L2131-1), avec leur date de réception en préfecture et leur date d’entrée en vigueur.</p>
      {props.list.length === 0 ? (
        <p>Aucune délibération publiée.</p>
      ) : (
        props.list.map((d) => (
          <article class="deliberations-act" id={d.number} aria-labelledby={`acte-${d.id}`}>
            <h2 id={`acte-${d.id}`}>{`Délibération n° ${d.number} — ${d.title}`}</h2>
            <p>{`${d.bodyName}, séance du ${formatDate(d.adoptedOn)} — ${matterText(d.matterCode)} — ${OUTCOME_LABELS[d.outcome]}`}</p>
            {d.recitals ? <p class="pre-line">{d.recitals}</p> : null}
            <p class="pre-line">{d.decision}</p>
            <p class="hint">{`Publiée le ${formatDate(d.publishedOn!)}${d.acknowledgedOn ? ` ; reçue en préfecture le ${formatDate(d.acknowledgedOn)}` : ''}${d.actesId ? ` (${d.actesId})` : ''}${d.enforceableOn ? ` ; exécutoire le ${formatDate(d.enforceableOn)}` : ''}.`}</p>
          </article>
        ))
      )}
    </section>
  );
}
